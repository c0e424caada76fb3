using Npgsql;
using OnchainMarket.Indexer.Tests.Support;
using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.Indexer.Tests;

/// <summary>
/// indexer_refresh() must read each event row a bounded number of times, whatever plan Postgres picks. A fresh
/// backfill's first commit refreshes rows COPYed in the same transaction, before any statistics exist; a per-key
/// `ORDER BY block_number, log_index LIMIT 1` lookup was then planned as a walk of the primary key filtered on the
/// key, reading half the table per request (issue 17's benchmark: 260 s for 50,000 requests). The test counts the
/// rows read (Postgres's per-transaction table statistics), not the time.
/// </summary>
[Collection("postgres")]
public sealed class RefreshCostPostgresTests(PostgresFixture postgres)
{
    private const int Requests = 2_000;

    private const int Locks = 2_000;

    private const int Asks = 1_000;

    // Each row of a refreshed key is read by a few of the refresh's statements; a per-key table walk reads
    // Requests / 2 rows per key, hundreds of times this.
    private const int ReadsPerEventRow = 10;

    [Fact]
    public async Task Refresh_of_a_first_bulk_commit_reads_each_event_row_a_bounded_number_of_times()
    {
        await using var database = await IndexDatabase.CreateAsync(postgres);
        await using var connection = await database.Source.OpenConnectionAsync();
        // One transaction, as the indexer's commit: the rows are not visible to ANALYZE, the tables have no statistics.
        await using var transaction = await connection.BeginTransactionAsync();
        var eventRows = await ExecuteAsync(connection, $$"""
            INSERT INTO market_request_submitted
                SELECT {{At(0)}} g::numeric, '\x01', '\x02', 0, 0, '\x02', '{1,2,3}', '\x', '', '\x', '\x', 100, 0, 0,
                       0, 0, 0, 3600, 99999999, 3, false, '\x', 0, 0
                FROM generate_series(1, {{Requests}}) g;
            INSERT INTO market_request_cancelled SELECT {{At(Requests)}} g::numeric, 100 FROM generate_series(1, {{Requests}}) g;
            INSERT INTO vault_stake_locked
                SELECT {{At(0)}} '\x0a', int4send(g), '\x0b', 5, 5 FROM generate_series(1, {{Locks}}) g;
            INSERT INTO vault_stake_unlocked
                SELECT {{At(Locks)}} '\x0a', int4send(g), '\x0b', 5, 0 FROM generate_series(1, {{Locks / 2}}) g;
            INSERT INTO market_ask_placed
                SELECT {{At(0)}} g::numeric, '\x0b', '\x02', 7, 99999999, 0, '\x', 0, 0, 0, 0 FROM generate_series(1, {{Asks}}) g;
            INSERT INTO market_ask_removed SELECT {{At(Asks)}} g::numeric, false FROM generate_series(1, {{Asks / 2}}) g;
            """);
        await ExecuteAsync(connection, "SELECT indexer_touch(0)");
        var before = await RowsReadAsync(connection);

        await ExecuteAsync(connection, "SELECT indexer_refresh()");

        var read = await RowsReadAsync(connection) - before;
        Assert.True(read <= ReadsPerEventRow * eventRows,
            $"indexer_refresh() read {read} event rows to refresh {eventRows}: more than {ReadsPerEventRow} per row, so some key is looked up by scanning its table");
        // And it refreshed them right.
        Assert.Equal(Requests, await ScalarAsync(connection, "SELECT count(*) FROM request_state WHERE status = 'cancelled' AND submitted_block IS NOT NULL"));
        Assert.Equal(Locks / 2, await ScalarAsync(connection, "SELECT count(*) FROM lock_state WHERE status = 'unlocked' AND released_at IS NOT NULL"));
        Assert.Equal(Locks / 2, await ScalarAsync(connection, "SELECT count(*) FROM lock_state WHERE status = 'locked' AND released_at IS NULL"));
        Assert.Equal(Asks / 2, await ScalarAsync(connection, "SELECT count(*) FROM ask_state WHERE active"));
    }

    /// <summary>The position columns of row g: one event per block from block <paramref name="after"/> + 1 on.</summary>
    private static string At(int after) => $@"g + {after}, 0, '\x00', now(), '\x00', 0, '\x00',";

    /// <summary>Rows read from the event tables so far in this transaction, by sequential and index scans.</summary>
    private static Task<long> RowsReadAsync(NpgsqlConnection connection) => ScalarAsync(connection, """
        SELECT COALESCE(sum(COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0)), 0)
        FROM pg_stat_xact_user_tables WHERE relname LIKE 'market\_%' OR relname LIKE 'vault\_%'
        """);

    private static async Task<long> ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
