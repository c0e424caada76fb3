using OnchainMarket.Indexer.Ingest;
using OnchainMarket.Indexer.Tests.Support;
using OnchainMarket.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace OnchainMarket.Indexer.Tests;

[Collection("postgres")]
public sealed class ReorgPostgresAnvilTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, 0, 3)]
    [InlineData(3, 0, 3)]
    [InlineData(3, 0, 1)]
    [InlineData(6, 2, 8)]
    public async Task Reorg_rewrites_the_affected_rows_as_a_fresh_index_of_the_canonical_chain(int depth, int confirmations, int newBlocks)
    {
        // Given an index of 20 blocks of random market and vault events
        await using var chain = await TestChain.StartAsync();
        var emitters = await MarketEmitters.DeployAsync(chain);
        var random = new Random((depth * 1000) + (confirmations * 10) + newBlocks);
        var events = new RandomEvents(random.Next());
        await emitters.MineRandomBlocksAsync(events, 20, 4, random);
        await using var database = await IndexDatabase.CreateAsync(postgres);
        var options = new IndexerOptions { Contracts = emitters.Contracts, Confirmations = confirmations };
        await using var indexer = IndexerRun.Create(chain.Node.RpcUrl, database, options, output);
        await IndexerRun.CatchUpAsync(indexer);
        var before = await database.DumpAsync();

        // When the last `depth` blocks are replaced by `newBlocks` different ones
        await chain.RollbackAsync(depth);
        await emitters.MineRandomBlocksAsync(events, newBlocks, 4, random, minPerBlock: 1);
        var progress = await IndexerRun.CatchUpAsync(indexer);

        // Then the index equals a fresh index of the new chain, derived state included
        await using var fresh = await IndexDatabase.CreateAsync(postgres);
        await IndexerRun.FreshAsync(chain.Node.RpcUrl, fresh, options, output);
        var after = await database.DumpAsync();
        Assert.Equal(await fresh.DumpAsync(), after);
        Assert.NotEqual(before, after);
        if (depth > confirmations)
        {
            Assert.Equal(1, progress.Reorgs);
        }
        Assert.Equal(await chain.HeadAsync() - confirmations, progress.Checkpoint);
    }

    [Fact]
    public async Task Reorgs_while_the_indexer_follows_the_head_leave_an_exact_index()
    {
        await using var chain = await TestChain.StartAsync();
        var emitters = await MarketEmitters.DeployAsync(chain);
        var random = new Random(77);
        var events = new RandomEvents(78);
        await using var database = await IndexDatabase.CreateAsync(postgres);
        var options = new IndexerOptions { Contracts = emitters.Contracts };
        await using var indexer = IndexerRun.Create(chain.Node.RpcUrl, database, options, output);
        using var stop = new CancellationTokenSource();
        var running = indexer.RunAsync(stop.Token);

        // The chain grows and reorganises under a running indexer, several times.
        for (var round = 0; round < 6; round++)
        {
            await emitters.MineRandomBlocksAsync(events, random.Next(2, 6), 3, random, minPerBlock: 1);
            await Task.Delay(random.Next(0, 120));
            await chain.RollbackAsync(random.Next(1, 4));
            await emitters.MineRandomBlocksAsync(events, random.Next(1, 5), 3, random, minPerBlock: 1);
        }
        var head = await chain.HeadAsync();
        var deadline = DateTime.UtcNow + IndexerRun.Timeout;
        while (indexer.Snapshot.Checkpoint != head || indexer.Snapshot.Head != head)
        {
            Assert.False(running.IsCompleted, $"the indexer stopped: {running.Exception}");
            Assert.True(DateTime.UtcNow < deadline, "the indexer did not catch up");
            await Task.Delay(50);
        }
        // One more pass after the head is reached, so that the tip check has run on the final chain.
        await Task.Delay(200);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        await using var fresh = await IndexDatabase.CreateAsync(postgres);
        await IndexerRun.FreshAsync(chain.Node.RpcUrl, fresh, options, output);
        Assert.Equal(await fresh.DumpAsync(), await database.DumpAsync());
    }
}
