using System.Numerics;
using OnchainMarket.Fleet.Queue;
using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.Fleet.Tests;

/// <summary>The operator's figures: gas per proof counts a batch's transaction once, earnings stay per token.</summary>
[Collection("postgres")]
public sealed class FleetReportPostgresTests(PostgresFixture postgres)
{
    private const string Circuit = "0x01";
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static async Task ProvedAsync(FleetDatabase db, int id)
    {
        await db.Queue.EnqueueAsync(new ProvingJob(new BigInteger(id), 0, Circuit, "{}", [], 1_000));
        await db.Queue.LeaseAsync("w", [Circuit], Minute);
        await db.Queue.CompleteAsync(id, 0, "w", [.. Enumerable.Range(1, 8).Select(i => new BigInteger(i))], TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Gas_per_proof_counts_a_batchs_transaction_once_over_the_jobs_it_paid()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        foreach (var id in new[] { 1, 2, 3, 4 })
        {
            await ProvedAsync(db, id);
        }
        // Requests 1-3 in one fulfillBatch of 300k gas, request 4 alone for 231k; 4 paid with no receipt read.
        foreach (var id in new[] { 1, 2, 3 })
        {
            await db.Queue.RecordPaidAsync(id, 10, 0, "0xbatch", 300_000);
        }
        await db.Queue.RecordPaidAsync(4, 10, 7, "0xalone", null);

        var report = await FleetReport.ReadAsync(db.Source);

        Assert.Equal(100_000, report.GasPerProof);
        Assert.Equal(4, report.Paid);
        Assert.Equal(new BigInteger(40), report.EarnedWei);
        Assert.Equal(new BigInteger(7), report.EarnedStake);
    }

    [Fact]
    public async Task Without_a_recorded_receipt_gas_per_proof_is_unknown_not_zero()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await ProvedAsync(db, 1);
        await db.Queue.RecordPaidAsync(1, 10, 0, "0xa");

        Assert.Null((await FleetReport.ReadAsync(db.Source)).GasPerProof);
    }
}
