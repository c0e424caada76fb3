using OnchainMarket.Devnet;
using OnchainMarket.Indexer.Ingest;
using OnchainMarket.Indexer.Storage;
using OnchainMarket.Indexer.Tests.Support;
using OnchainMarket.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace OnchainMarket.Indexer.Tests;

[Collection("postgres")]
public sealed class ResumePostgresAnvilTests(PostgresFixture postgres, ITestOutputHelper output)
{
    // anvil's finalized block is two epochs back: with 2-slot epochs, all but the last 4 blocks are backfilled
    // by range, the rest followed header by header.
    private static readonly AnvilOptions ShortEpochs = new() { SlotsInAnEpoch = 2 };

    [Theory]
    [InlineData(CommitStage.AfterCopy, 2)]
    [InlineData(CommitStage.BeforeCommit, 4)]
    public async Task An_indexer_killed_inside_a_commit_resumes_without_gaps_or_duplicates(CommitStage stage, int failingCommit)
    {
        await using var chain = await TestChain.StartAsync(ShortEpochs);
        var emitters = await MarketEmitters.DeployAsync(chain);
        var random = new Random(failingCommit);
        await emitters.MineRandomBlocksAsync(new RandomEvents(failingCommit), 24, 4, random);
        await using var database = await IndexDatabase.CreateAsync(postgres);
        // Every range commits on its own, so that the n-th commit is a known place.
        var options = new IndexerOptions { Contracts = emitters.Contracts, InitialLogRange = 3, MaxLogRange = 4, FollowBatchBlocks = 2, CommitBatchEvents = 0 };

        // Given an indexer that dies inside its n-th commit
        await using (var doomed = IndexerRun.Create(chain.Node.RpcUrl, database, options, output, "doomed"))
        {
            var commits = 0;
            doomed.Store.FaultHook = (at, _) => at == stage && ++commits == failingCommit
                ? throw new InvalidOperationException("injected crash")
                : Task.CompletedTask;
            var crash = await Assert.ThrowsAsync<InvalidOperationException>(() => IndexerRun.CatchUpAsync(doomed));
            Assert.Equal("injected crash", crash.Message);
        }

        // Then nothing of the failed batch is visible: no row above the checkpoint
        var checkpoint = await database.ScalarAsync("SELECT block_number FROM indexer_checkpoint");
        Assert.True(checkpoint >= 0);
        var above = string.Join(" + ", Markets.Tables.Select(t => $"(SELECT count(*) FROM {t} WHERE block_number > {checkpoint})"));
        Assert.Equal(0, await database.ScalarAsync("SELECT " + above));

        // When a new indexer starts on the same database, it ends where a fresh index ends
        await using (var restarted = IndexerRun.Create(chain.Node.RpcUrl, database, options, output, "restarted"))
        {
            await IndexerRun.CatchUpAsync(restarted);
        }
        await using var fresh = await IndexDatabase.CreateAsync(postgres);
        await IndexerRun.FreshAsync(chain.Node.RpcUrl, fresh, options, output);
        Assert.Equal(await fresh.DumpAsync(), await database.DumpAsync());
    }

    [Fact]
    public async Task Cancelling_the_indexer_at_random_moments_loses_and_repeats_nothing()
    {
        await using var chain = await TestChain.StartAsync(ShortEpochs);
        var emitters = await MarketEmitters.DeployAsync(chain);
        var random = new Random(5);
        await emitters.MineRandomBlocksAsync(new RandomEvents(5), 30, 5, random);
        await using var database = await IndexDatabase.CreateAsync(postgres);
        var options = new IndexerOptions { Contracts = emitters.Contracts, InitialLogRange = 2, MaxLogRange = 4, FollowBatchBlocks = 2 };

        for (var attempt = 0; attempt < 4; attempt++)
        {
            await using var indexer = IndexerRun.Create(chain.Node.RpcUrl, database, options, output, $"run {attempt}");
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(20, 400)));
            try
            {
                await indexer.CatchUpAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                // Killed mid-flight, possibly inside a transaction.
            }
        }
        await using (var last = IndexerRun.Create(chain.Node.RpcUrl, database, options, output, "last"))
        {
            await IndexerRun.CatchUpAsync(last);
        }

        await using var fresh = await IndexDatabase.CreateAsync(postgres);
        await IndexerRun.FreshAsync(chain.Node.RpcUrl, fresh, options, output);
        Assert.Equal(await fresh.DumpAsync(), await database.DumpAsync());
    }

    [Fact]
    public async Task Indexing_the_same_range_twice_adds_no_duplicates()
    {
        await using var chain = await TestChain.StartAsync(ShortEpochs);
        var emitters = await MarketEmitters.DeployAsync(chain);
        var emitted = await emitters.MineRandomBlocksAsync(new RandomEvents(9), 16, 4, new Random(9), minPerBlock: 1);
        await using var database = await IndexDatabase.CreateAsync(postgres);
        var options = new IndexerOptions { Contracts = emitters.Contracts };
        await IndexerRun.FreshAsync(chain.Node.RpcUrl, database, options, output);
        var once = await database.DumpAsync();
        Assert.Equal(emitted, await database.EventRowsAsync());

        // Forget the checkpoint: the whole chain is read and written again over the existing rows.
        await database.ScalarAsync("DELETE FROM indexer_checkpoint; SELECT 0");
        await IndexerRun.FreshAsync(chain.Node.RpcUrl, database, options, output);

        Assert.Equal(emitted, await database.EventRowsAsync());
        Assert.Equal(once, await database.DumpAsync());
    }

    [Fact]
    public async Task A_misbehaving_node_behind_a_faulty_proxy_still_yields_the_exact_index()
    {
        await using var chain = await TestChain.StartAsync(ShortEpochs);
        var emitters = await MarketEmitters.DeployAsync(chain);
        var random = new Random(11);
        var events = new RandomEvents(11);
        await emitters.MineRandomBlocksAsync(events, 30, 4, random);
        await using var proxy = new FaultyRpcProxy(chain.Node.RpcUrl, seed: 12) { FaultRate = 0.3 };
        await using var database = await IndexDatabase.CreateAsync(postgres);
        var options = new IndexerOptions { Contracts = emitters.Contracts, InitialLogRange = 16 };

        await using (var indexer = IndexerRun.Create(proxy.Url, database, options, output, "proxied"))
        {
            await IndexerRun.CatchUpAsync(indexer);
            // More blocks and a reorg while the faults go on; then catch up to the real head.
            await emitters.MineRandomBlocksAsync(events, 6, 4, random);
            await chain.RollbackAsync(2);
            await emitters.MineRandomBlocksAsync(events, 4, 4, random, minPerBlock: 1);
            var head = await chain.HeadAsync();
            var deadline = DateTime.UtcNow + IndexerRun.Timeout;
            while ((await IndexerRun.CatchUpAsync(indexer)).Checkpoint != head)
            {
                Assert.True(DateTime.UtcNow < deadline, "the indexer did not reach the head through the proxy");
            }
        }
        Assert.True(proxy.Faults > 10, $"only {proxy.Faults} faults were injected");

        await using var fresh = await IndexDatabase.CreateAsync(postgres);
        await IndexerRun.FreshAsync(chain.Node.RpcUrl, fresh, options, output);
        Assert.Equal(await fresh.DumpAsync(), await database.DumpAsync());
    }

    private static class Markets
    {
        public static IEnumerable<string> Tables =>
            Catalog.EventCatalog.Market().Tables.Select(t => t.TableName).Append("indexer_unknown_logs");
    }
}
