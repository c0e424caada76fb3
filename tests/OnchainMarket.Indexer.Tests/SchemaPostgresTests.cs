using OnchainMarket.Indexer.Catalog;
using OnchainMarket.Indexer.Schema;
using OnchainMarket.Indexer.Tests.Support;
using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.Indexer.Tests;

[Collection("postgres")]
public sealed class SchemaPostgresTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Every_catalogued_event_has_a_table_with_matching_columns_and_types()
    {
        await using var database = await IndexDatabase.CreateAsync(postgres);
        foreach (var table in EventCatalog.Market().Tables)
        {
            await using var command = database.Source.CreateCommand("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod)
                FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
                """);
            command.Parameters.AddWithValue(table.TableName);
            var actual = new List<(string, string)>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    actual.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
            var expected = EventTable.PositionColumns.Select(c => (c.Name, c.SqlType))
                .Concat(table.Columns.Select(c => (c.Name, c.SqlType))).ToList();
            Assert.True(expected.SequenceEqual(actual),
                $"{table.TableName} ({table.Contract}.{table.Event.Signature}): expected [{string.Join(", ", expected)}], the database has [{string.Join(", ", actual)}]");
        }
    }

    [Fact]
    public async Task Migrating_twice_applies_nothing_the_second_time()
    {
        await using var database = await IndexDatabase.CreateAsync(postgres);
        var again = await Migrator.MigrateAsync(database.Source);
        Assert.Empty(again);
        Assert.Equal(Migrator.Embedded().Count, await database.ScalarAsync("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task The_analyst_views_answer_on_an_empty_index()
    {
        await using var database = await IndexDatabase.CreateAsync(postgres);
        foreach (var view in new[] { "request_status", "prover_leaderboard", "price_per_circuit", "mechanism_efficiency", "slashing_history", "operator_stake", "ask_book", "symbiotic_operator_stake", "symbiotic_slashes" })
        {
            Assert.Equal(0, await database.ScalarAsync($"SELECT count(*) FROM {view}"));
        }
    }
}
