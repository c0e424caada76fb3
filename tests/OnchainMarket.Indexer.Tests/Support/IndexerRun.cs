using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Catalog;
using OnchainMarket.Indexer.Ingest;
using Xunit.Abstractions;

namespace OnchainMarket.Indexer.Tests.Support;

/// <summary>Builds indexers for tests: a JSON-RPC client to the node, quick polling, log lines to the test output.</summary>
public static class IndexerRun
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static ChainIndexer Create(Uri rpc, IndexDatabase database, IndexerOptions options, ITestOutputHelper output, string name = "indexer")
    {
        var client = new JsonRpcClient(rpc, new RpcClientOptions { MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(5) });
        return new ChainIndexer(client, database.Source, EventCatalog.Market(), options with { PollInterval = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(400) },
            line => Log(output, $"{name}: {line}"));
    }

    /// <summary>Indexes a chain from scratch into <paramref name="database"/> and returns when caught up.</summary>
    public static async Task<IndexerProgress> FreshAsync(Uri rpc, IndexDatabase database, IndexerOptions options, ITestOutputHelper output)
    {
        await using var indexer = Create(rpc, database, options, output, "fresh");
        using var timeout = new CancellationTokenSource(Timeout);
        return await indexer.CatchUpAsync(timeout.Token);
    }

    public static async Task<IndexerProgress> CatchUpAsync(ChainIndexer indexer)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await indexer.CatchUpAsync(timeout.Token);
    }

    private static void Log(ITestOutputHelper output, string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has finished; a straggling line has nowhere to go.
        }
    }
}
