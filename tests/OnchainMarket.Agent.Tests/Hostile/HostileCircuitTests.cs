using System.Numerics;
using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Agent.Tests.Chain;
using OnchainMarket.Ethereum;
using Xunit;
using Xunit.Abstractions;

namespace OnchainMarket.Agent.Tests.Hostile;

/// <summary>
/// H2, H3: circuits registered by an attacker — one served by a server that trickles, one whose
/// name is not a file name, one that claims 2^63 constraints — with requests posted for each
/// before an honest one. The real client keeps running and proves the honest request.
/// </summary>
[Collection("hostile-devnet")]
public sealed class HostileCircuitTests(HostileDevnet fixture, ITestOutputHelper output) : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("omkt-hostile-circuits-").FullName;

    [Fact]
    public async Task Slow_unnamable_and_oversized_circuits_are_marked_unusable_and_the_honest_request_is_still_proved()
    {
        var devnet = fixture.Devnet;
        using var release = new SemaphoreSlim(0);
        await using var trickle = new LoopbackHttpServer(async (_, stream, token) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n"u8.ToArray(), token);
            for (var i = 0; i < 1000 && !token.IsCancellationRequested; i++)
            {
                await stream.WriteAsync(new byte[1], token);
                await stream.FlushAsync(token);
                if (await release.WaitAsync(TimeSpan.FromMilliseconds(500), token))
                {
                    return;
                }
            }
        });
        var somewhere = Keccak256.Hash("not a file anyone has");
        var slow = await fixture.RegisterAsync("slow", 1000, somewhere, somewhere, trickle.BaseUrl + "/c");
        var unnamable = await fixture.RegisterAsync("/dev/null/x", 1000, somewhere, somewhere, "/dev/null");
        var huge = await fixture.RegisterAsync("huge", BigInteger.One << 63, somewhere, somewhere, trickle.BaseUrl + "/h");

        var log = new StringWriter();
        var options = new ProverAgentOptions { StateDirectory = _state, PlaceAsks = false, Keeper = false, CircuitDeadline = TimeSpan.FromSeconds(3) };
        var (agent, chain) = await ProverWithPolicyAsync(devnet, options, log);

        // The attacker's requests come first (lower ids); the honest one last.
        var now = await ChainNowAsync(devnet);
        var hostileIds = new List<BigInteger>();
        foreach (var circuit in new[] { slow, unnamable, huge })
        {
            var terms = AgentHarness.RollupTerms(devnet, MarketMechanism.Dutch, 1, 70, now, out _) with { CircuitId = circuit };
            hostileIds.Add((await fixture.Attacker.SubmitAsync(terms)).Id);
        }
        var requester = devnet.ContractsFor(DevnetSession.RequesterKey);
        var honest = AgentHarness.RollupTerms(devnet, MarketMechanism.Dutch, 1, 80, now, out _);
        var (id, _) = await requester.SubmitAsync(honest);

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var run = agent.RunAsync(stop.Token);
        try
        {
            var state = await AgentHarness.EventuallyAsync(async () =>
            {
                Assert.False(run.IsCompleted, "the agent stopped: " + run.Exception?.GetBaseException().Message);
                var s = await requester.GetRequestAsync(id);
                return s.Status == RequestStatus.Fulfilled ? s : null;
            }, TimeSpan.FromSeconds(150), "the honest request to be fulfilled");
            Assert.Equal(chain.Account, state.Prover);
            Assert.False(run.IsCompleted);
            Assert.True(agent.Breaker.AllowsNewWork);
            foreach (var hostile in hostileIds)
            {
                Assert.Equal(RequestStatus.Open, (await requester.GetRequestAsync(hostile)).Status);
            }
            var text = log.ToString();
            foreach (var circuit in new[] { slow, unnamable, huge })
            {
                Assert.Contains($"event=circuit_unusable circuit={circuit}", text, StringComparison.Ordinal);
            }
            // Negative cache: the trickling host is asked once per retry period, not once per tick.
            Assert.Equal(1, trickle.Requests);
        }
        finally
        {
            release.Release(100);
            await stop.CancelAsync();
            await run;
            output.WriteLine(log.ToString());
        }
    }

    internal static async Task<(ProverAgent Agent, MarketContracts Chain)> ProverWithPolicyAsync(DevnetSession devnet, ProverAgentOptions options, StringWriter log, int index = 0)
    {
        var key = DevnetSession.ProverKey(index);
        var structured = new StructuredLog(log, $"prover{index + 1}", json: false);
        var chain = devnet.ContractsFor(key, structured);
        if (!await chain.IsOperatorAsync(chain.Account))
        {
            await Operator.RegisterAsync(chain, 1000, options.Capacity, 10 * AgentHarness.Ether, "test prover");
        }
        var circuits = new CircuitLibrary(CircuitBuilder.OutputDirectory, new FetchPolicy { AllowHttp = true, AllowPrivateHosts = true, Timeout = TimeSpan.FromSeconds(2) });
        var model = new CostModel { NanosecondsPerConstraint = 100_000, WeiPerProvingSecond = 1_000 * AgentHarness.Gwei, MarginBps = 1000 };
        return (new ProverAgent($"prover{index + 1}", chain, circuits, new ProofEngine("cpu"), new Pricer(model), options, structured), chain);
    }

    internal static async Task<long> ChainNowAsync(DevnetSession devnet) =>
        Math.Max(AgentHarness.Now(), await devnet.Web3.TimestampAsync());

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
