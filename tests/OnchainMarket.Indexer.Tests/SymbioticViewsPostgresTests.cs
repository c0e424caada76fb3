using OnchainMarket.Indexer.Tests.Support;
using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.Indexer.Tests;

/// <summary>The views over the SymbioticStakeSource's event tables, on rows as the indexer writes them.</summary>
[Collection("postgres")]
public sealed class SymbioticViewsPostgresTests(PostgresFixture postgres)
{
    private const string Operator = "\\x00000000000000000000000000000000000000aa";
    private const string Other = "\\x00000000000000000000000000000000000000bb";

    [Fact]
    public async Task Operator_stake_shows_the_latest_locked_total_open_locks_and_slashes()
    {
        await using var database = await IndexDatabase.CreateAsync(postgres);
        // Given: op locks 10 then 5 (total 15), the first lock is slashed in full (total 5), the second is slashed
        // outside the window (refused, total 0); the other operator locks 7 and unlocks it.
        await Insert(database, "symbiotic_stake_locked", 1, 0, Operator, "amount, captured_at, locked", "10, 99, 10");
        await Insert(database, "symbiotic_stake_locked", 2, 0, Operator, "amount, captured_at, locked", "5, 100, 15");
        await Insert(database, "symbiotic_stake_slashed", 3, 1, Operator, "amount, slashed, capture_timestamp, locked", "10, 10, 99, 5");
        await Insert(database, "symbiotic_stake_slashed", 9, 0, Operator, "amount, slashed, capture_timestamp, locked", "5, 0, 100, 0");
        await Insert(database, "symbiotic_stake_locked", 4, 0, Other, "amount, captured_at, locked", "7, 103, 7");
        await Insert(database, "symbiotic_stake_unlocked", 5, 0, Other, "amount, locked", "7, 0");

        // Then
        Assert.Equal(0, await database.ScalarAsync("SELECT locked FROM symbiotic_operator_stake WHERE operator = '0x00000000000000000000000000000000000000aa'"));
        Assert.Equal(0, await database.ScalarAsync("SELECT open_locks FROM symbiotic_operator_stake WHERE operator = '0x00000000000000000000000000000000000000aa'"));
        Assert.Equal(10, await database.ScalarAsync("SELECT slashed FROM symbiotic_operator_stake WHERE operator = '0x00000000000000000000000000000000000000aa'"));
        Assert.Equal(1, await database.ScalarAsync("SELECT refused_slashes FROM symbiotic_operator_stake WHERE operator = '0x00000000000000000000000000000000000000aa'"));
        Assert.Equal(0, await database.ScalarAsync("SELECT slashed FROM symbiotic_operator_stake WHERE operator = '0x00000000000000000000000000000000000000bb'"));
        Assert.Equal(2, await database.ScalarAsync("SELECT count(*) FROM symbiotic_slashes"));
        Assert.Equal(1, await database.ScalarAsync("SELECT count(*) FROM symbiotic_slashes WHERE refused"));
    }

    [Fact]
    public async Task Operator_stake_keeps_an_open_lock_until_it_is_released()
    {
        await using var database = await IndexDatabase.CreateAsync(postgres);
        await Insert(database, "symbiotic_stake_locked", 1, 0, Operator, "amount, captured_at, locked", "10, 99, 10");
        await Insert(database, "symbiotic_stake_locked", 1, 1, Operator, "amount, captured_at, locked", "3, 99, 13");
        Assert.Equal(13, await database.ScalarAsync("SELECT locked FROM symbiotic_operator_stake"));
        Assert.Equal(2, await database.ScalarAsync("SELECT open_locks FROM symbiotic_operator_stake"));
    }

    private static async Task Insert(IndexDatabase database, string table, long block, int logIndex, string op, string columns, string values)
    {
        await using var command = database.Source.CreateCommand(
            $"INSERT INTO {table} (block_number, log_index, block_hash, block_time, tx_hash, tx_index, address, slasher, key, operator, {columns}) "
            + $"VALUES ({block}, {logIndex}, '\\x01', now(), '\\x02', 0, '\\x03', '\\x04', '\\x{block:x2}{logIndex:x2}', '{op}', {values})");
        await command.ExecuteNonQueryAsync();
    }
}
