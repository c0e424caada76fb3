using System.Net;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Metrics;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.State;
using OnchainMarket.Agent.Tests.Chain;
using OnchainMarket.Dashboard;
using OnchainMarket.Devnet.Deploy;
using Xunit;
using Xunit.Abstractions;

namespace OnchainMarket.Agent.Tests.Metrics;

/// <summary>/metrics and /health of a running prover agent (real anvil devnet, real proof), served as `prover run --metrics-port` does.</summary>
[Collection("devnet")]
public sealed class ProverMetricsChainTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("omkt-agent-metrics-").FullName;

    [Fact]
    public async Task A_paid_dutch_job_shows_in_the_metrics_as_strict_prometheus_text_and_health_is_ready()
    {
        await using var devnet = await DevnetSession.StartAsync(provers: 1, progress: output.WriteLine);
        var (agent, _) = await AgentHarness.ProverAsync(devnet, 0, _state);
        var requester = devnet.ContractsFor(DevnetSession.RequesterKey);
        var terms = AgentHarness.RollupTerms(devnet, MarketMechanism.Dutch, 1, 20, AgentHarness.Now(), out _);
        await using var server = await MetricsServer.StartAsync(IPAddress.Loopback, 0, ProverMetrics.ContentType,
            () => ProverMetrics.Render(agent.Snapshot(), TimeSpan.FromSeconds(1)), () => ProverMetrics.Health(agent.Snapshot()), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Url };

        // Before it runs: no block read, not ready.
        using (var starting = await http.GetAsync("health"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
        }

        var (id, _) = await requester.SubmitAsync(terms);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var run = agent.RunAsync(stop.Token);
        try
        {
            await AgentHarness.EventuallyAsync(() => Task.FromResult(agent.Store.Find(id, 0) is { Phase: JobPhase.Fulfilled } j ? j : null),
                TimeSpan.FromSeconds(90), "the job to be recorded as paid");

            using var answer = await http.GetAsync("metrics");
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", answer.Content.Headers.ContentType!.ToString());
            var text = await answer.Content.ReadAsStringAsync();
            output.WriteLine(text);
            var samples = PrometheusText.Parse(text);

            Assert.Equal(1, samples["omkt_prover_jobs{phase=\"Fulfilled\"}"]);
            Assert.Equal(0, samples["omkt_prover_jobs{phase=\"Slashed\"}"]);
            Assert.Equal(Enum.GetValues<JobPhase>().Length, samples.Keys.Count(k => k.StartsWith("omkt_prover_jobs{", StringComparison.Ordinal)));
            Assert.Equal(1, samples["omkt_prover_proofs_total"]);
            Assert.Equal(1, samples["omkt_prover_fulfilled_total"]);
            Assert.Equal(0, samples["omkt_prover_slashes_total"]);
            var earned = samples["omkt_prover_earned_wei{token=\"ETH\"}"];
            Assert.InRange(earned, (double)terms.MinPrice, (double)terms.MaxPrice);
            Assert.True(samples["omkt_prover_gas_spent_wei"] > 0, "no gas counted for the lock and the fulfilment");
            Assert.True(samples["omkt_prover_head_block"] > 0);
            Assert.Equal(0, samples["omkt_prover_breaker_open"]);

            using var health = await http.GetAsync("health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.StartsWith("ok: block ", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    [Fact]
    public void The_strict_reader_refuses_a_sample_before_its_type_and_a_missing_final_newline()
    {
        Assert.Throws<FormatException>(() => PrometheusText.Parse("omkt_x 1\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE omkt_x gauge\nomkt_x 1"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE omkt_x counter\nomkt_x -1\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE omkt_x gauge\nomkt_x{a=\"1\"} 1\nomkt_x{a=\"1\"} 2\n"));
        Assert.Equal(2, PrometheusText.Parse("# HELP omkt_x x\n# TYPE omkt_x gauge\nomkt_x{a=\"q\\\"\"} 2\n")["omkt_x{a=\"q\\\"\"}"]);
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
