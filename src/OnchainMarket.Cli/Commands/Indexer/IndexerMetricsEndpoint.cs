using System.Net;
using OnchainMarket.Dashboard;
using OnchainMarket.Indexer.Ingest;
using OnchainMarket.Indexer.Metrics;

namespace OnchainMarket.Cli.Commands.Indexer;

/// <summary>`--metrics-port`: the running indexer's /metrics and /health on loopback.</summary>
internal static class IndexerMetricsEndpoint
{
    public static async Task<MetricsServer> StartAsync(ChainIndexer indexer, int port, int readyWithin, CancellationToken cancellationToken)
    {
        try
        {
            var server = await MetricsServer.StartAsync(IPAddress.Loopback, port, IndexerMetrics.ContentType,
                () => IndexerMetrics.Render(indexer.Snapshot), () => IndexerMetrics.Health(indexer.Snapshot, readyWithin), cancellationToken);
            Console.Error.WriteLine($"indexer: metrics at {server.Url}metrics, health at {server.Url}health");
            return server;
        }
        catch (IOException e)
        {
            throw new CliUsageException($"--metrics-port {port}: cannot listen there ({e.Message})");
        }
    }
}
