using System.Globalization;
using System.Numerics;
using Npgsql;

namespace OnchainMarket.Cli.Commands.Demo;

/// <summary>Reads the demo's summary from the indexer's Postgres views (nothing from the chain directly).</summary>
internal static class DemoSummary
{
    private static readonly (string Title, string Sql)[] Queries =
    [
        ("Requests by mechanism (mechanism_efficiency)",
            "SELECT mechanism, requests, bids_per_request, mean_seconds_to_assignment, fulfilled_rate, mean_spread FROM mechanism_efficiency"),
        ("Clearing prices (price_per_circuit)",
            "SELECT c.name AS circuit, p.mechanism, p.trades, p.min_price, p.p50_price, p.max_price FROM price_per_circuit p LEFT JOIN LATERAL (SELECT metadata_name AS name FROM registry_circuit_registered r WHERE '0x' || encode(r.circuit_id, 'hex') = p.circuit_id LIMIT 1) c ON true ORDER BY circuit, p.mechanism"),
        ("Time to proof and earnings per prover (prover_leaderboard)",
            "SELECT prover, won, fulfilled, slashed, on_time_rate, mean_seconds_to_proof, revenue, bounties, stake_slashed FROM prover_leaderboard"),
        ("The slash and its rescue (slashing_history + request_status)",
            "SELECT h.request_id, h.prover AS slashed_prover, h.slashed, h.requester_share, h.bounty_share, h.outcome, r.round, r.prover AS rescued_by, r.status FROM slashing_history h JOIN request_status r ON r.id = h.request_id"),
    ];

    public static async Task<DemoOutcome> ReadAsync(NpgsqlDataSource database, DemoRun run, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var tables = new List<(string, IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<string>>)>();
        foreach (var (title, sql) in Queries)
        {
            tables.Add(await QueryAsync(connection, title, sql, run.ProverNames, cancellationToken));
        }
        var ids = run.Requests.Keys.Select(k => (long)k).ToArray();
        var fulfilled = await ScalarAsync(connection, "SELECT count(*) FROM request_status WHERE id = ANY(@ids) AND status = 'fulfilled'", ids, cancellationToken);
        var slashes = await ScalarAsync(connection, "SELECT count(*) FROM slashing_history WHERE request_id = ANY(@ids)", ids, cancellationToken);
        var rescued = await ScalarAsync(connection,
            "SELECT count(*) FROM slashing_history h JOIN request_status r ON r.id = h.request_id WHERE h.request_id = ANY(@ids) AND r.status = 'fulfilled' AND r.prover <> h.prover", ids, cancellationToken);
        return new DemoOutcome(tables, ids.Length, (int)fulfilled, (int)slashes, (int)rescued, ExpectedBatches(run), run.RollupBatchesProved);
    }

    private static int ExpectedBatches(DemoRun run) => run.Requests.Values.Count(v => v.StartsWith("rollup batch", StringComparison.Ordinal));

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, long[] ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task<(string, IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<string>>)> QueryAsync(
        NpgsqlConnection connection, string title, string sql, IReadOnlyDictionary<string, string> names, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = new List<IReadOnlyList<string>>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => Format(columns[i], reader.IsDBNull(i) ? null : reader.GetValue(i), names))]);
            }
            return (title, columns, rows);
        }
        catch (PostgresException e)
        {
            return (title, ["error"], [[e.MessageText]]);
        }
    }

    private static readonly HashSet<string> StakeColumns = ["bounties", "stake_slashed", "slashed", "requester_share", "bounty_share"];

    private static string Format(string column, object? value, IReadOnlyDictionary<string, string> names)
    {
        var unit = StakeColumns.Contains(column) ? "rsETH" : "ETH";
        var isAmount = StakeColumns.Contains(column) || column.Contains("price", StringComparison.Ordinal) || column is "revenue" or "mean_spread";
        return value switch
        {
            null => "-",
            decimal d when isAmount => Short(new BigInteger(decimal.Truncate(d)), unit),
            double f when isAmount => Short(new BigInteger(f), unit),
            BigInteger b => Short(b, unit),
            string text when text.Length == 42 && text.StartsWith("0x", StringComparison.Ordinal) => names.TryGetValue(text.ToLowerInvariant(), out var name) ? name : text[..10],
            DateTime t => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
    }

    /// <summary>An amount with at most six decimals (the demo's prices differ in the fourth).</summary>
    private static string Short(BigInteger wei, string unit)
    {
        var micro = (wei + 500_000_000_000) / 1_000_000_000_000;
        var whole = BigInteger.DivRem(micro, 1_000_000, out var fraction);
        var text = whole.ToString(CultureInfo.InvariantCulture);
        if (!fraction.IsZero)
        {
            text += "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(6, '0').TrimEnd('0');
        }
        return $"{text} {unit}";
    }
}
