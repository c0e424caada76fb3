using System.Numerics;
using Dapper;

namespace OnchainMarket.Fleet.Queue;

/// <summary>What the coordinator's forecast reads (the running jobs) and does (hand one over).</summary>
public sealed partial class JobQueue
{
    /// <summary>
    /// The jobs leased now whose lease has not expired, with their workers' last reports. The times are
    /// ages on the database's clock set against <paramref name="now"/>, the caller's: a coordinator whose
    /// clock is off from the database's still sees how long ago each worker reported.
    /// </summary>
    public async Task<IReadOnlyList<RunningJob>> RunningAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RunningRow>(new CommandDefinition("""
            SELECT request_id::text AS RequestId, round AS Round, circuit_id AS CircuitId, prove_by AS ProveBy, lease_owner AS Worker,
                   progress AS Progress, extract(epoch FROM now() - progress_at)::float8 AS ProgressAge,
                   extract(epoch FROM now() - heartbeat_at)::float8 AS HeartbeatAge, excluded_workers AS Excluded
            FROM fleet.jobs WHERE phase = 'leased' AND lease_expires >= now() ORDER BY prove_by
            """, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new RunningJob(Parse(r.RequestId), r.Round, r.CircuitId, r.ProveBy, r.Worker, r.Progress,
            now - TimeSpan.FromSeconds(r.ProgressAge), now - TimeSpan.FromSeconds(r.HeartbeatAge), r.Excluded))];
    }

    /// <summary>
    /// Takes the job from <paramref name="from"/> (its next heartbeat finds the lease gone and stops
    /// the proof) and keeps it for <paramref name="to"/> for <paramref name="reserveFor"/>; false when
    /// <paramref name="from"/> no longer holds it (it finished meanwhile, or its lease lapsed).
    /// </summary>
    public async Task<bool> HandOverAsync(BigInteger requestId, int round, string from, string to, TimeSpan reserveFor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE fleet.jobs
            SET phase = 'queued', lease_owner = NULL, lease_expires = NULL, reserved_for = @To,
                reserved_until = now() + @ReserveMs * interval '1 millisecond', error = 'handed over from ' || @From || ' to ' || @To
            WHERE request_id = @Id::numeric AND round = @Round AND phase = 'leased' AND lease_owner = @From
            """, new { Id = Text(requestId), Round = round, From = from, To = to, ReserveMs = (long)reserveFor.TotalMilliseconds },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows == 1;
    }

    private sealed class RunningRow
    {
        public string RequestId { get; init; } = "";
        public int Round { get; init; }
        public string CircuitId { get; init; } = "";
        public long ProveBy { get; init; }
        public string Worker { get; init; } = "";
        public int Progress { get; init; }
        public double ProgressAge { get; init; }
        public double HeartbeatAge { get; init; }
        public string[] Excluded { get; init; } = [];
    }
}
