using System.Numerics;
using OnchainMarket.Fleet.Queue;
using OnchainMarket.Fleet.Schema;
using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.Fleet.Tests;

/// <summary>The queue's side of refused proofs and handovers: who may lease what afterwards.</summary>
[Collection("postgres")]
public sealed class ProofVerdictPostgresTests(PostgresFixture postgres)
{
    private const string Circuit = "0x01";
    private static readonly string[] Circuits = [Circuit];
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static ProvingJob Job(int id) => new(new BigInteger(id), 0, Circuit, "{}", [new BigInteger(id)], 1_000);

    private static BigInteger[] Proof(int seed) => [.. Enumerable.Range(seed, 8).Select(i => new BigInteger(i))];

    [Fact]
    public async Task A_refused_proof_sends_the_job_to_another_worker_never_back_to_its_author()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await db.Workers.SeenAsync("cheat", "cpu");
        await db.Queue.EnqueueAsync(Job(1));
        Assert.NotNull(await db.Queue.LeaseAsync("cheat", Circuits, Minute));
        Assert.True(await db.Queue.CompleteAsync(1, 0, "cheat", Proof(1), TimeSpan.FromSeconds(1)));

        var rejected = await db.Queue.RejectProofAsync(1, 0, "cheat", "verify refused it", barAfter: 3);

        Assert.Equal(new RejectedProof(1, false), rejected);
        var state = await db.Queue.StateAsync(1, 0);
        Assert.Equal("queued", state!.Phase);
        Assert.Null(state.Proof);
        Assert.Contains("bad proof from cheat", state.Error, StringComparison.Ordinal);
        Assert.Null(await db.Queue.LeaseAsync("cheat", Circuits, Minute));
        Assert.False(await db.Queue.CompleteAsync(1, 0, "cheat", Proof(1), TimeSpan.FromSeconds(1)));
        var honest = await db.Queue.LeaseAsync("honest", Circuits, Minute);
        Assert.Equal(2, honest!.Attempt);
    }

    [Fact]
    public async Task A_proof_refused_twice_counts_once_against_its_author()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await db.Workers.SeenAsync("cheat", "cpu");
        await db.Queue.EnqueueAsync(Job(1));
        await db.Queue.LeaseAsync("cheat", Circuits, Minute);
        await db.Queue.CompleteAsync(1, 0, "cheat", Proof(1), TimeSpan.FromSeconds(1));

        Assert.NotNull(await db.Queue.RejectProofAsync(1, 0, "cheat", "verify refused it", barAfter: 3));
        Assert.Null(await db.Queue.RejectProofAsync(1, 0, "cheat", "verify refused it", barAfter: 3));

        Assert.Equal(1, (await db.Workers.LiveAsync(Minute)).Single().BadProofs);
    }

    [Fact]
    public async Task The_third_bad_proof_bars_its_worker_from_every_job()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await db.Workers.SeenAsync("cheat", "cpu");
        RejectedProof? last = null;
        foreach (var id in new[] { 1, 2, 3 })
        {
            await db.Queue.EnqueueAsync(Job(id));
            var lease = await db.Queue.LeaseAsync("cheat", Circuits, Minute);
            Assert.Equal(new BigInteger(id), lease!.Job.RequestId);
            await db.Queue.CompleteAsync(id, 0, "cheat", Proof(id), TimeSpan.FromSeconds(1));
            last = await db.Queue.RejectProofAsync(id, 0, "cheat", "verify refused it", barAfter: 3);
        }
        await db.Queue.EnqueueAsync(Job(4));

        Assert.Equal(new RejectedProof(3, true), last);
        Assert.Null(await db.Queue.LeaseAsync("cheat", Circuits, Minute));
        Assert.True(await db.Workers.SeenAsync("cheat", "cpu"));
        var worker = (await db.Workers.LiveAsync(Minute)).Single();
        Assert.True(worker.Barred);
        Assert.Equal(3, worker.BadProofs);
        Assert.NotNull(await db.Queue.LeaseAsync("honest", Circuits, Minute));
    }

    [Fact]
    public async Task A_job_handed_over_waits_for_the_chosen_worker_and_its_first_worker_loses_the_lease()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await db.Queue.EnqueueAsync(Job(1));
        await db.Queue.LeaseAsync("slow", Circuits, Minute);
        Assert.True(await db.Queue.HeartbeatAsync(1, 0, "slow", 2, Minute));
        var running = Assert.Single(await db.Queue.RunningAsync(DateTimeOffset.UtcNow));
        Assert.Equal(("slow", 2), (running.Worker, running.Progress));

        Assert.True(await db.Queue.HandOverAsync(1, 0, "slow", "fast", Minute));

        Assert.False(await db.Queue.HeartbeatAsync(1, 0, "slow", 2, Minute));
        Assert.Empty(await db.Queue.RunningAsync(DateTimeOffset.UtcNow));
        Assert.Null(await db.Queue.LeaseAsync("other", Circuits, Minute));
        Assert.Null(await db.Queue.LeaseAsync("slow", Circuits, Minute));
        Assert.NotNull(await db.Queue.LeaseAsync("fast", Circuits, Minute));
        Assert.False(await db.Queue.HandOverAsync(1, 0, "slow", "fast", Minute));
    }

    [Fact]
    public async Task A_reservation_that_ran_out_lets_any_worker_take_the_job()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await db.Queue.EnqueueAsync(Job(1));
        await db.Queue.LeaseAsync("slow", Circuits, Minute);

        // The chosen worker never came (it died): after its reservation anyone may prove the job.
        Assert.True(await db.Queue.HandOverAsync(1, 0, "slow", "gone", TimeSpan.Zero));

        Assert.NotNull(await db.Queue.LeaseAsync("other", Circuits, Minute));
    }

    [Fact]
    public async Task A_queue_created_before_proof_checks_upgrades_in_place_and_keeps_its_jobs()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await db.Workers.SeenAsync("old", "cpu");
        await db.Queue.EnqueueAsync(Job(1));
        // The schema as an earlier version left it.
        await db.ExecuteAsync("""
            ALTER TABLE fleet.jobs DROP COLUMN excluded_workers, DROP COLUMN reserved_for, DROP COLUMN reserved_until;
            ALTER TABLE fleet.workers DROP COLUMN bad_proofs, DROP COLUMN barred_at;
            """);

        await FleetSchema.EnsureAsync(db.Source);
        await FleetSchema.EnsureAsync(db.Source);

        Assert.NotNull(await db.Queue.LeaseAsync("old", Circuits, Minute));
        var worker = (await db.Workers.LiveAsync(Minute)).Single();
        Assert.Equal((0, false), (worker.BadProofs, worker.Barred));
    }
}
