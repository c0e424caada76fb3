using System.Globalization;
using System.Text.RegularExpressions;
using OnchainMarket.Indexer.Ingest;
using OnchainMarket.Indexer.Metrics;
using OnchainMarket.Indexer.Tests.Support;
using OnchainMarket.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace OnchainMarket.Indexer.Tests;

[Collection("postgres")]
public sealed partial class IndexerMetricsPostgresAnvilTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task Metrics_parse_as_Prometheus_text_and_count_what_the_indexer_did()
    {
        // Given an indexer behind a faulty proxy that lived through a reorg
        await using var chain = await TestChain.StartAsync();
        var emitters = await MarketEmitters.DeployAsync(chain);
        var random = new Random(31);
        var events = new RandomEvents(31);
        await emitters.MineRandomBlocksAsync(events, 12, 4, random);
        await using var proxy = new FaultyRpcProxy(chain.Node.RpcUrl, seed: 32) { FaultRate = 0.3, MaxHeadLag = 0 };
        await using var database = await IndexDatabase.CreateAsync(postgres);
        await using var indexer = IndexerRun.Create(proxy.Url, database, new IndexerOptions { Contracts = emitters.Contracts }, output);
        await IndexerRun.CatchUpAsync(indexer);
        await chain.RollbackAsync(2);
        await emitters.MineRandomBlocksAsync(events, 3, 4, random, minPerBlock: 1);
        var head = await chain.HeadAsync();
        var deadline = DateTime.UtcNow + IndexerRun.Timeout;
        while ((await IndexerRun.CatchUpAsync(indexer)).Checkpoint != head)
        {
            Assert.True(DateTime.UtcNow < deadline, "the indexer did not reach the head through the proxy");
        }

        // When its metrics are rendered
        var snapshot = indexer.Snapshot;
        var metrics = Parse(IndexerMetrics.Render(snapshot));

        // Then every sample is declared, typed and equal to what the database and the indexer hold
        Assert.Equal(head, metrics["omkt_indexer_indexed_block"]);
        Assert.Equal(await database.ScalarAsync("SELECT block_number FROM indexer_checkpoint"), metrics["omkt_indexer_indexed_block"]);
        Assert.Equal(snapshot.Head - snapshot.Checkpoint, metrics["omkt_indexer_lag_blocks"]);
        Assert.Equal(snapshot.EventsIndexed, metrics["omkt_indexer_events_total"]);
        Assert.True(metrics["omkt_indexer_events_total"] >= await database.EventRowsAsync());
        Assert.Equal(1, metrics["omkt_indexer_reorgs_total"]);
        Assert.True(metrics["omkt_indexer_rpc_errors_total"] > 0, "the proxy's faults were not counted");
        Assert.True(metrics["omkt_indexer_events_per_second"] > 0);
        Assert.True(IndexerMetrics.Health(snapshot, 0).Ready);
        Assert.False(IndexerMetrics.Health(snapshot with { Head = snapshot.Checkpoint + 6 }, 5).Ready);
        Assert.True(IndexerMetrics.Health(snapshot with { Head = snapshot.Checkpoint + 5 }, 5).Ready);
    }

    /// <summary>The text exposition format, strictly: HELP and TYPE before each metric's samples, valid names, float values.</summary>
    private static Dictionary<string, double> Parse(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var samples = new Dictionary<string, double>();
        var typed = new Dictionary<string, string>();
        var helped = new HashSet<string>();
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                Assert.True(helped.Add(line.Split(' ')[2]), $"HELP given twice: {line}");
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                Assert.True(typed.TryAdd(parts[2], parts[3]), $"TYPE given twice: {line}");
                continue;
            }
            var match = Sample().Match(line);
            Assert.True(match.Success, $"not a sample line: '{line}'");
            var name = match.Groups[1].Value;
            Assert.True(typed.ContainsKey(name) && helped.Contains(name), $"{name} has a sample before its HELP and TYPE");
            var value = double.Parse(match.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (typed[name] == "counter")
            {
                Assert.True(value >= 0, $"counter {name} is negative");
            }
            Assert.True(samples.TryAdd(name, value), $"{name} has two samples");
        }
        Assert.Equal(typed.Keys.Order(), samples.Keys.Order());
        return samples;
    }

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*) (-?[0-9.eE+-]+|NaN|[+-]Inf)$")]
    private static partial Regex Sample();
}
