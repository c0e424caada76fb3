using System.Numerics;
using Dapper;
using Npgsql;

namespace OnchainMarket.Fleet.Queue;

/// <summary>What an operator looks at: workers, leases, jobs by phase, throughput, gas per proof and earnings per token.</summary>
public sealed record FleetReport(
    IReadOnlyList<LiveWorker> Workers,
    IReadOnlyList<FleetReport.LeaseRow> Leases,
    IReadOnlyDictionary<string, int> JobsByPhase,
    int ProofsLastHour,
    BigInteger EarnedWei,
    BigInteger EarnedStake,
    int Paid,
    double? GasPerProof)
{
    /// <summary>A lease held now: which job, which worker, which try, its progress and how long ago it was taken.</summary>
    public sealed record LeaseRow(string RequestId, int Round, string Worker, int Attempt, int Progress, double HeldSeconds, bool Expired);

    /// <summary>Reads the report; workers seen within <paramref name="within"/> count as live (older ones are listed too, as last seen).</summary>
    public static async Task<FleetReport> ReadAsync(NpgsqlDataSource database, CancellationToken cancellationToken = default)
    {
        var workers = await new WorkerRegistry(database).LiveAsync(TimeSpan.FromDays(3650), cancellationToken).ConfigureAwait(false);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var leases = await connection.QueryAsync<LeaseRow>(new CommandDefinition("""
            SELECT request_id::text AS RequestId, round AS Round, lease_owner AS Worker, attempts AS Attempt, progress AS Progress,
                   extract(epoch FROM now() - leased_at)::float8 AS HeldSeconds, lease_expires < now() AS Expired
            FROM fleet.jobs WHERE phase = 'leased' ORDER BY prove_by
            """, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var phases = await connection.QueryAsync<(string Phase, int Count)>(new CommandDefinition(
            "SELECT phase, count(*)::int FROM fleet.jobs GROUP BY phase ORDER BY phase", cancellationToken: cancellationToken)).ConfigureAwait(false);
        var totals = await connection.QuerySingleAsync<(int LastHour, string Wei, string Stake, int Paid)>(new CommandDefinition("""
            SELECT count(*) FILTER (WHERE proved_at > now() - interval '1 hour')::int,
                   COALESCE(sum(paid_wei), 0)::text, COALESCE(sum(paid_stake), 0)::text,
                   count(*) FILTER (WHERE paid_tx IS NOT NULL)::int
            FROM fleet.jobs
            """, cancellationToken: cancellationToken)).ConfigureAwait(false);
        // A fulfillBatch's gas is recorded on each of its jobs: count each transaction once, divide by the jobs it paid.
        var gasPerProof = await connection.ExecuteScalarAsync<double?>(new CommandDefinition("""
            SELECT sum(gas)::float8 / NULLIF(sum(jobs), 0)
            FROM (SELECT max(paid_tx_gas) AS gas, count(*) AS jobs FROM fleet.jobs WHERE paid_tx_gas IS NOT NULL GROUP BY paid_tx) t
            """, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new FleetReport(workers, [.. leases], phases.ToDictionary(p => p.Phase, p => p.Count, StringComparer.Ordinal),
            totals.LastHour, JobQueue.Parse(totals.Wei), JobQueue.Parse(totals.Stake), totals.Paid, gasPerProof);
    }
}
