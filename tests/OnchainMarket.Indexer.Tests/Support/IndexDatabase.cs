using System.Globalization;
using System.Text;
using Npgsql;
using OnchainMarket.Indexer.Catalog;
using OnchainMarket.Indexer.Schema;
using OnchainMarket.TestSupport;

namespace OnchainMarket.Indexer.Tests.Support;

/// <summary>A fresh, migrated database for one test, and a dump of its tables for comparisons.</summary>
public sealed class IndexDatabase : IAsyncDisposable
{
    /// <summary>The derived-state tables, dumped alongside the event tables.</summary>
    public static readonly IReadOnlyList<string> DerivedTables = ["request_state", "operator_state", "lock_state", "ask_state"];

    private IndexDatabase(NpgsqlDataSource source, string connectionString)
    {
        Source = source;
        ConnectionString = connectionString;
    }

    public NpgsqlDataSource Source { get; }

    public string ConnectionString { get; }

    public static async Task<IndexDatabase> CreateAsync(PostgresFixture postgres, string prefix = "idx")
    {
        var connectionString = await postgres.CreateDatabaseAsync(prefix);
        var source = NpgsqlDataSource.Create(connectionString);
        await Migrator.MigrateAsync(source);
        return new IndexDatabase(source, connectionString);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var command = Source.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Every row of every event table and derived table, as text, in key order; the checkpoint last.</summary>
    public async Task<string> DumpAsync()
    {
        var builder = new StringBuilder();
        var tables = EventCatalog.Market().Tables.Select(t => t.TableName).Append("indexer_unknown_logs").Concat(DerivedTables);
        foreach (var table in tables)
        {
            await using var command = Source.CreateCommand($"SELECT t::text AS row FROM {table} t ORDER BY row");
            await using var reader = await command.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                builder.Append(table).Append(": ").AppendLine(reader.GetString(0));
                rows++;
            }
            builder.Append(table).Append(" rows: ").Append(rows).AppendLine();
        }
        await using (var checkpoint = Source.CreateCommand("SELECT block_number::text || ' ' || encode(block_hash, 'hex') FROM indexer_checkpoint"))
        {
            builder.Append("checkpoint: ").AppendLine(await checkpoint.ExecuteScalarAsync() as string);
        }
        return builder.ToString();
    }

    /// <summary>Event rows in all tables.</summary>
    public async Task<long> EventRowsAsync()
    {
        var sql = string.Join(" + ", EventCatalog.Market().Tables.Select(t => $"(SELECT count(*) FROM {t.TableName})"));
        return await ScalarAsync("SELECT " + sql);
    }

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}
