using Npgsql;

namespace OnchainMarket.Dashboard;

/// <summary>
/// What the dashboard shows, read from the indexer's analyst views in one snapshot (a repeatable-read transaction,
/// so every panel describes the same checkpoint). Amounts come in whole tokens (wei / 1e18), times in seconds.
/// </summary>
public sealed record DashboardData(
    long? Checkpoint,
    DateTime? UpdatedAt,
    IReadOnlyList<PricePoint> Prices,
    IReadOnlyList<(string Status, long Count)> Statuses,
    IReadOnlyList<LatencyRow> Latencies,
    IReadOnlyList<ProverRow> Provers,
    IReadOnlyList<SlashRow> Slashes,
    IReadOnlyList<(string Operator, double Free, double Locked)> Stakes,
    IReadOnlyList<RequestRow> Latest)
{
    /// <summary>Reads a snapshot.</summary>
    public static async Task<DashboardData> ReadAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var reader = new Rows(connection, transaction, cancellationToken);

        var checkpoint = await reader.ListAsync("SELECT block_number, updated_at FROM indexer_checkpoint",
            r => (Block: r.GetInt64(0), At: r.GetDateTime(1))).ConfigureAwait(false);
        var prices = await reader.ListAsync("""
            SELECT left(circuit_id, 10), current_mechanism, assigned_at, price::float8 / 1e18
            FROM request_status WHERE price IS NOT NULL AND assigned_at IS NOT NULL ORDER BY assigned_at
            """, r => new PricePoint(r.GetString(0), r.GetString(1), r.GetDateTime(2), r.GetDouble(3))).ConfigureAwait(false);
        var statuses = await reader.ListAsync("SELECT status, count(*) FROM request_status GROUP BY status ORDER BY status",
            r => (r.GetString(0), r.GetInt64(1))).ConfigureAwait(false);
        var latencies = await reader.ListAsync("""
            WITH t AS (
                SELECT mechanism,
                       EXTRACT(EPOCH FROM assigned_at - submitted_at)::float8 AS to_assignment,
                       CASE WHEN status = 'fulfilled' THEN EXTRACT(EPOCH FROM closed_at - assigned_at)::float8 END AS to_proof
                FROM request_status WHERE assigned_at IS NOT NULL)
            SELECT mechanism,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY to_assignment),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY to_assignment),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY to_proof) FILTER (WHERE to_proof IS NOT NULL),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY to_proof) FILTER (WHERE to_proof IS NOT NULL)
            FROM t GROUP BY mechanism ORDER BY mechanism
            """, r => new LatencyRow(r.GetString(0), r.GetDouble(1), r.GetDouble(2), Nullable(r, 3), Nullable(r, 4))).ConfigureAwait(false);
        var provers = await reader.ListAsync("""
            SELECT prover, won, fulfilled, slashed, on_time_rate::float8, p95_seconds_to_proof::float8, revenue::float8 / 1e18
            FROM prover_leaderboard
            """, r => new ProverRow(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), Nullable(r, 4), Nullable(r, 5), r.GetDouble(6)))
            .ConfigureAwait(false);
        var slashes = await reader.ListAsync("""
            SELECT h.request_id::text, h.prover, h.slashed::float8 / 1e18, h.outcome, r.status,
                   CASE WHEN r.status = 'fulfilled' AND r.prover IS DISTINCT FROM h.prover THEN r.prover END
            FROM slashing_history h LEFT JOIN request_status r ON r.id = h.request_id
            ORDER BY h.block_number
            """, r => new SlashRow(r.GetString(0), r.GetString(1), r.GetDouble(2), r.GetString(3), r.IsDBNull(4) ? "?" : r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5))).ConfigureAwait(false);
        var stakes = await reader.ListAsync("SELECT operator, free_stake::float8 / 1e18, locked::float8 / 1e18 FROM operator_stake ORDER BY operator",
            r => (r.GetString(0), r.GetDouble(1), r.GetDouble(2))).ConfigureAwait(false);
        var latest = await reader.ListAsync("""
            SELECT id::text, status, current_mechanism, left(circuit_id, 10), (coalesce(price, max_price))::float8 / 1e18, price IS NOT NULL, submitted_at
            FROM request_status ORDER BY id DESC LIMIT 12
            """, r => new RequestRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetDouble(4), r.GetBoolean(5), r.GetDateTime(6)))
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new DashboardData(checkpoint.Count > 0 ? checkpoint[0].Block : null, checkpoint.Count > 0 ? checkpoint[0].At : null,
            prices, statuses, latencies, provers, slashes, stakes, latest);
    }

    private static double? Nullable(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDouble(column);

    private sealed class Rows(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        public async Task<List<T>> ListAsync<T>(string sql, Func<NpgsqlDataReader, T> map)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(map(reader));
            }
            return rows;
        }
    }
}

/// <summary>One trade: a request's clearing price when it was assigned.</summary>
public sealed record PricePoint(string Circuit, string Mechanism, DateTime At, double Price);

/// <summary>Seconds from submission to assignment and from assignment to proof, per mechanism.</summary>
public sealed record LatencyRow(string Mechanism, double AssignP50, double AssignP95, double? ProofP50, double? ProofP95);

/// <summary>A prover's line of the leaderboard.</summary>
public sealed record ProverRow(string Prover, long Won, long Fulfilled, long Slashed, double? OnTimeRate, double? P95SecondsToProof, double Revenue);

/// <summary>A slash, and who rescued the request afterwards (null when nobody did yet).</summary>
public sealed record SlashRow(string RequestId, string Prover, double Slashed, string Outcome, string Status, string? RescuedBy);

/// <summary>One of the latest requests.</summary>
public sealed record RequestRow(string Id, string Status, string Mechanism, string Circuit, double Price, bool Cleared, DateTime SubmittedAt);
