using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Ingest;
using OnchainMarket.Indexer.Tests.Support;
using OnchainMarket.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace OnchainMarket.Indexer.Tests;

[Collection("postgres")]
public sealed class DenseChainPostgresAnvilTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task On_a_dense_chain_no_answer_passes_its_cap_and_the_index_is_exact()
    {
        // Given a chain far denser than the indexer's per-answer target (30 blocks of 20-40 logs against a 40-log target):
        // market events now and then, mostly logs no catalogued event matches (kept as unknown logs), of random sizes
        await using var chain = await TestChain.StartAsync();
        var emitters = await MarketEmitters.DeployAsync(chain);
        var random = new Random(41);
        var events = new RandomEvents(41);
        var emitted = 0;
        for (var block = 0; block < 30; block++)
        {
            var count = random.Next(20, 41);
            for (var i = 0; i < count; i++)
            {
                var data = new byte[random.Next(0, 20) * 32];
                random.NextBytes(data);
                var (topics, payload) = i == 0 ? events.Next("RestakingVault") : ([Keccak256.Hash(BitConverter.GetBytes(i))], data);
                await chain.EmitAsync(i == 0 ? emitters.Vault : emitters.Market, topics, payload);
            }
            await chain.MineAsync();
            emitted += count;
        }
        await using var database = await IndexDatabase.CreateAsync(postgres);
        const int targetLogs = 40;
        const long targetBytes = 48 * 1024;
        // A first range wide enough to hold the whole chain: its answer must be abandoned, not read whole.
        var capped = new IndexerOptions
        {
            Contracts = emitters.Contracts, InitialLogRange = 1_000, TargetLogsPerRange = targetLogs, TargetBytesPerRange = targetBytes,
            FollowBatchBlocks = 4, // the pipeline (where the caps apply) runs while more than 4 blocks behind
        };

        // When it is indexed with those caps
        await using (var indexer = IndexerRun.Create(chain.Node.RpcUrl, database, capped, output))
        {
            await IndexerRun.CatchUpAsync(indexer);
            var (logs, bytes) = indexer.LargestAnswer;
            output.WriteLine($"chain: {emitted} logs; largest answer read: {logs} logs, {bytes} bytes");

            // Then no answer read in full passed four times the target, though the chain holds over five times that
            Assert.True(emitted > 5 * 4 * targetLogs, $"the chain holds only {emitted} logs");
            Assert.InRange(logs, 1, 4 * targetLogs);
            Assert.InRange(bytes, 1, 4 * targetBytes);
        }

        // And the index is the one an uncapped indexer builds
        Assert.Equal(emitted, await database.EventRowsAsync() + await database.ScalarAsync("SELECT count(*) FROM indexer_unknown_logs"));
        await using var fresh = await IndexDatabase.CreateAsync(postgres);
        await IndexerRun.FreshAsync(chain.Node.RpcUrl, fresh, new IndexerOptions { Contracts = emitters.Contracts }, output);
        Assert.Equal(await fresh.DumpAsync(), await database.DumpAsync());
    }
}
