using System.Numerics;
using Dapper;

namespace OnchainMarket.Fleet.Queue;

/// <summary>The coordinator's verdict on a proof a worker wrote back.</summary>
public sealed partial class JobQueue
{
    /// <summary>
    /// Refuses the proof <paramref name="worker"/> wrote for the job: the job goes back to the queue
    /// for any other worker (never this one again), and the worker's count of bad proofs grows; at
    /// <paramref name="barAfter"/> it is barred. Null when the job no longer holds that worker's proof
    /// (another caller already refused it), so a bad proof is counted once.
    /// </summary>
    public async Task<RejectedProof?> RejectProofAsync(BigInteger requestId, int round, string worker, string reason, int barAfter, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(barAfter, 1);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // One statement: the job's reset and the worker's count commit together or not at all.
        var rows = await connection.QueryAsync<(int BadProofs, bool Barred)>(new CommandDefinition("""
            WITH rejected AS (
                UPDATE fleet.jobs
                SET phase = 'queued', proof = NULL, proved_by = NULL, prove_seconds = NULL, proved_at = NULL,
                    excluded_workers = array_append(excluded_workers, @Worker), error = 'bad proof from ' || @Worker || ': ' || @Reason
                WHERE request_id = @Id::numeric AND round = @Round AND phase = 'proved' AND proved_by = @Worker
                RETURNING 1)
            UPDATE fleet.workers
            SET bad_proofs = bad_proofs + 1,
                barred_at = CASE WHEN bad_proofs + 1 >= @BarAfter THEN COALESCE(barred_at, now()) ELSE barred_at END
            WHERE name = @Worker AND EXISTS (SELECT 1 FROM rejected)
            RETURNING bad_proofs, barred_at IS NOT NULL
            """, new { Id = Text(requestId), Round = round, Worker = worker, Reason = reason, BarAfter = barAfter },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new RejectedProof(r.BadProofs, r.Barred)).SingleOrDefault();
    }
}
