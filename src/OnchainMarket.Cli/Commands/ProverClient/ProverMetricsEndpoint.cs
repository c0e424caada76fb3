using System.Diagnostics;
using System.Net;
using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.Metrics;
using OnchainMarket.Dashboard;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>`prover run --metrics-port`: the running agent's /metrics and /health on loopback.</summary>
internal static class ProverMetricsEndpoint
{
    public static async Task<MetricsServer> StartAsync(ProverAgent agent, int port, CancellationToken cancellationToken)
    {
        var uptime = Stopwatch.StartNew();
        try
        {
            var server = await MetricsServer.StartAsync(IPAddress.Loopback, port, ProverMetrics.ContentType,
                () => ProverMetrics.Render(agent.Snapshot(), uptime.Elapsed), () => ProverMetrics.Health(agent.Snapshot()), cancellationToken);
            Console.Error.WriteLine($"prover: metrics at {server.Url}metrics, health at {server.Url}health");
            return server;
        }
        catch (IOException e)
        {
            throw new CliUsageException($"--metrics-port {port}: cannot listen there ({e.Message})");
        }
    }
}
