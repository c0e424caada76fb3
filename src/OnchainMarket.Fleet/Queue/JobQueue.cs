using System.Globalization;
using System.Numerics;
using Dapper;
using Npgsql;

namespace OnchainMarket.Fleet.Queue;

/// <summary>
/// The proving jobs in Postgres. A worker leases the earliest-due open job with
/// <c>FOR UPDATE SKIP LOCKED</c> (concurrent claimers each get a different row, none waits), keeps
/// the lease with heartbeats, and writes the proof back once: a second write of the same job is
/// refused, so a job proved twice (a lease that expired while its first worker was still alive)
/// still has one proof and is paid once. A lease that expires (its worker died) makes the job
/// leasable again. All times are the database's clock, so workers on other machines agree.
/// </summary>
public sealed partial class JobQueue(NpgsqlDataSource database)
{
    /// <summary>After this many leases that ended in an error (not an expiry) the job is marked failed.</summary>
    public int MaxFailures { get; init; } = 3;

    /// <summary>Adds a job; false when the same request and round is already queued (a restarted coordinator).</summary>
    public async Task<bool> EnqueueAsync(ProvingJob job, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO fleet.jobs (request_id, round, circuit_id, input, public_inputs, prove_by)
            VALUES (@Id::numeric, @Round, @CircuitId, @Input, @PublicInputs, @ProveBy)
            ON CONFLICT (request_id, round) DO NOTHING
            """, new
        {
            Id = Text(job.RequestId),
            job.Round,
            job.CircuitId,
            job.Input,
            PublicInputs = job.PublicInputs.Select(Text).ToArray(),
            job.ProveBy,
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows == 1;
    }

    /// <summary>
    /// Leases the earliest-due job of one of <paramref name="circuits"/> that is queued or whose
    /// lease expired, for <paramref name="leaseFor"/>; null when there is none. A barred worker gets
    /// nothing, a worker whose proof of a job was refused never gets that job again, and a job
    /// handed over to a faster worker waits for it until its reservation ends.
    /// </summary>
    public async Task<Lease?> LeaseAsync(string worker, IReadOnlyCollection<string> circuits, TimeSpan leaseFor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<LeaseRow>(new CommandDefinition("""
            WITH next AS (
                SELECT request_id, round FROM fleet.jobs
                WHERE (phase = 'queued' OR (phase = 'leased' AND lease_expires < now()))
                  AND circuit_id = ANY(@Circuits)
                  AND NOT (@Worker = ANY(excluded_workers))
                  AND (reserved_for IS NULL OR reserved_for = @Worker OR reserved_until < now())
                  AND NOT EXISTS (SELECT 1 FROM fleet.workers w WHERE w.name = @Worker AND w.barred_at IS NOT NULL)
                ORDER BY prove_by, request_id, round
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            UPDATE fleet.jobs j
            SET phase = 'leased', lease_owner = @Worker, leased_at = now(),
                lease_expires = now() + @LeaseMs * interval '1 millisecond',
                attempts = j.attempts + 1, progress = 0, heartbeat_at = now(), progress_at = now(),
                reserved_for = NULL, reserved_until = NULL
            FROM next
            WHERE j.request_id = next.request_id AND j.round = next.round
            RETURNING j.request_id::text AS RequestId, j.round AS Round, j.circuit_id AS CircuitId, j.input AS Input,
                      j.public_inputs AS PublicInputs, j.prove_by AS ProveBy, j.attempts AS Attempts, j.lease_expires AS Expires
            """, new { Worker = worker, Circuits = circuits.ToArray(), LeaseMs = (long)leaseFor.TotalMilliseconds }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }
        var job = new ProvingJob(Parse(row.RequestId), row.Round, row.CircuitId, row.Input, [.. row.PublicInputs.Select(Parse)], row.ProveBy);
        return new Lease(job, worker, row.Attempts, new DateTimeOffset(DateTime.SpecifyKind(row.Expires, DateTimeKind.Utc)));
    }

    /// <summary>
    /// Extends <paramref name="worker"/>'s lease and records its progress; false when the lease is
    /// no longer its own (it expired and another worker took the job, or the job was re-leased as stalled).
    /// </summary>
    public async Task<bool> HeartbeatAsync(BigInteger requestId, int round, string worker, int progress, TimeSpan leaseFor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE fleet.jobs
            SET lease_expires = now() + @LeaseMs * interval '1 millisecond', heartbeat_at = now(),
                progress_at = CASE WHEN @Progress > progress THEN now() ELSE progress_at END,
                progress = GREATEST(progress, @Progress)
            WHERE request_id = @Id::numeric AND round = @Round AND phase = 'leased' AND lease_owner = @Worker
            """, new { Id = Text(requestId), Round = round, Worker = worker, Progress = progress, LeaseMs = (long)leaseFor.TotalMilliseconds },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows == 1;
    }

    /// <summary>
    /// Writes the proof, once: true when this call wrote it, false when the job already has one
    /// (or failed). A worker whose lease lapsed may still deliver: its proof is as good as any (the
    /// coordinator checks every proof). One this job excluded, or a barred worker, may not.
    /// </summary>
    public async Task<bool> CompleteAsync(BigInteger requestId, int round, string worker, IReadOnlyList<BigInteger> proof, TimeSpan elapsed, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE fleet.jobs
            SET phase = 'proved', proof = @Proof, proved_by = @Worker, prove_seconds = @Seconds, proved_at = now(),
                lease_owner = NULL, lease_expires = NULL, error = NULL
            WHERE request_id = @Id::numeric AND round = @Round AND phase IN ('queued', 'leased')
              AND NOT (@Worker = ANY(excluded_workers))
              AND NOT EXISTS (SELECT 1 FROM fleet.workers w WHERE w.name = @Worker AND w.barred_at IS NOT NULL)
            """, new { Id = Text(requestId), Round = round, Worker = worker, Proof = proof.Select(Text).ToArray(), Seconds = elapsed.TotalSeconds },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows == 1;
    }

    /// <summary>A worker could not prove its job: it goes back to the queue, or is marked failed after <see cref="MaxFailures"/> tries.</summary>
    public async Task FailAsync(BigInteger requestId, int round, string worker, string error, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE fleet.jobs
            SET phase = CASE WHEN attempts >= @Max THEN 'failed' ELSE 'queued' END,
                error = @Worker || ': ' || @Error, lease_owner = NULL, lease_expires = NULL
            WHERE request_id = @Id::numeric AND round = @Round AND phase = 'leased' AND lease_owner = @Worker
            """, new { Id = Text(requestId), Round = round, Worker = worker, Error = error, Max = MaxFailures },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes back leases whose worker is alive (it heartbeats) but has not advanced for
    /// <paramref name="floor"/> plus <paramref name="factor"/> times its measured proving time of
    /// the circuit: a wedged or starved worker must not sit on a job until its window closes.
    /// Returns the jobs put back in the queue.
    /// </summary>
    public async Task<IReadOnlyList<(BigInteger RequestId, int Round, string Worker)>> RequeueStalledAsync(TimeSpan floor, double factor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string RequestId, int Round, string Worker)>(new CommandDefinition("""
            WITH stalled AS (
                SELECT j.request_id, j.round, j.lease_owner FROM fleet.jobs j
                WHERE j.phase = 'leased' AND j.progress_at < now() - make_interval(secs => @Floor + @Factor * COALESCE(
                    (SELECT s.seconds FROM fleet.worker_speeds s WHERE s.worker = j.lease_owner AND s.circuit_id = j.circuit_id), 0))
                FOR UPDATE SKIP LOCKED)
            UPDATE fleet.jobs j
            SET phase = 'queued', lease_owner = NULL, lease_expires = NULL, error = 'stalled on ' || stalled.lease_owner
            FROM stalled
            WHERE j.request_id = stalled.request_id AND j.round = stalled.round
            RETURNING j.request_id::text, j.round, stalled.lease_owner
            """, new { Floor = floor.TotalSeconds, Factor = factor }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => (Parse(r.RequestId), r.Round, r.Worker))];
    }

    /// <summary>The job's state; null when it was never queued.</summary>
    public async Task<JobState?> StateAsync(BigInteger requestId, int round, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<StateRow>(new CommandDefinition("""
            SELECT phase AS Phase, lease_owner AS LeaseOwner, attempts AS Attempts, proof AS Proof, proved_by AS ProvedBy,
                   prove_seconds AS ProveSeconds, error AS Error
            FROM fleet.jobs WHERE request_id = @Id::numeric AND round = @Round
            """, new { Id = Text(requestId), Round = round }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is null ? null : new JobState(row.Phase, row.LeaseOwner, row.Attempts, row.Proof?.Select(Parse).ToList(), row.ProvedBy, row.ProveSeconds, row.Error);
    }

    /// <summary>Jobs queued and not leased: work the fleet has not started.</summary>
    public async Task<int> WaitingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM fleet.jobs WHERE phase = 'queued' OR (phase = 'leased' AND lease_expires < now())",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Records what the market paid for a proved request: the price in ETH, a bounty in the stake token,
    /// and the gas of the paying transaction when known (all of it: a batch's members each record the same).
    /// </summary>
    public async Task RecordPaidAsync(BigInteger requestId, BigInteger priceWei, BigInteger stakeBounty, string transaction, long? transactionGas = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE fleet.jobs SET paid_wei = @Price::numeric, paid_stake = @Bounty::numeric, paid_tx = @Tx, paid_tx_gas = @Gas
            WHERE request_id = @Id::numeric AND phase = 'proved'
            """, new { Id = Text(requestId), Price = Text(priceWei), Bounty = Text(stakeBounty), Tx = transaction, Gas = transactionGas },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    internal static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    internal static BigInteger Parse(string value) => BigInteger.Parse(value, CultureInfo.InvariantCulture);

    private sealed class LeaseRow
    {
        public string RequestId { get; init; } = "";
        public int Round { get; init; }
        public string CircuitId { get; init; } = "";
        public string Input { get; init; } = "";
        public string[] PublicInputs { get; init; } = [];
        public long ProveBy { get; init; }
        public int Attempts { get; init; }
        public DateTime Expires { get; init; }
    }

    private sealed class StateRow
    {
        public string Phase { get; init; } = "";
        public string? LeaseOwner { get; init; }
        public int Attempts { get; init; }
        public string[]? Proof { get; init; }
        public string? ProvedBy { get; init; }
        public double? ProveSeconds { get; init; }
        public string? Error { get; init; }
    }
}
