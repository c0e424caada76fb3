using System.Numerics;
using System.Text;
using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.Tests.Chain;
using OnchainMarket.Ethereum;
using Xunit;
using Xunit.Abstractions;

namespace OnchainMarket.Agent.Tests.Hostile;

/// <summary>
/// H1: requests no prover could ever prove — an input that does not match its hash, an input URI
/// that never answers, public inputs the witness does not give, an input the circuit rejects, a
/// circuit whose proving key is not the registered verification key — posted by an attacker
/// under the Dutch and sealed-bid mechanisms, before an honest request. The real client
/// commits to none of them (no lock, no bid, so no slash) and proves the honest one.
/// </summary>
[Collection("hostile-devnet")]
public sealed class HostileRequestTests(HostileDevnet fixture, ITestOutputHelper output) : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("omkt-hostile-requests-").FullName;

    [Fact]
    public async Task Unprovable_requests_are_never_committed_to_and_the_honest_prover_is_not_slashed()
    {
        var devnet = fixture.Devnet;
        var now = await HostileCircuitTests.ChainNowAsync(devnet);
        RequestTerms Terms(MarketMechanism mechanism, int seed) => AgentHarness.RollupTerms(devnet, mechanism, 3, seed, now, out _) with
        {
            CommitDeadline = now + 30,
            RevealDeadline = now + 45,
        };

        var goodInput = Terms(MarketMechanism.Dutch, 100);
        using var release = new SemaphoreSlim(0);
        await using var server = new LoopbackHttpServer(async (path, stream, token) =>
        {
            if (path == "/silent")
            {
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{"u8.ToArray(), token);
                await stream.FlushAsync(token);
                await release.WaitAsync(token);
                return;
            }
            // Not the bytes the request's hash names.
            await LoopbackHttpServer.WriteAsync(stream, 200, Encoding.UTF8.GetBytes("{\"txs\": [9, 9, 9, 9], \"oldRoot\": \"3\"}"), token);
        });
        var wrongKey = await fixture.RegisterAsync("rollup-copy", fixture.Rollup.Constraints, Hash32.Parse(fixture.Rollup.WasmHash!), Hash32.Parse(fixture.Rollup.ZkeyHash!), "");

        var hostile = new Dictionary<string, RequestTerms>
        {
            ["wrong hash"] = goodInput with { WitnessInline = [], WitnessUri = server.BaseUrl + "/input.json", WitnessHash = Keccak256.Hash(goodInput.WitnessInline) },
            ["silent uri"] = goodInput with { WitnessInline = [], WitnessUri = server.BaseUrl + "/silent", WitnessHash = Keccak256.Hash(goodInput.WitnessInline) },
            ["public inputs"] = goodInput with { PublicInputs = [goodInput.PublicInputs[0], goodInput.PublicInputs[1] + 1, goodInput.PublicInputs[2]] },
            ["rejected input"] = Terms(MarketMechanism.SealedBid, 110) with { WitnessInline = "{\"nope\": 1}"u8.ToArray() },
            ["wrong key"] = goodInput with { CircuitId = wrongKey },
        };
        var reasons = new Dictionary<string, string>
        {
            ["wrong hash"] = "has keccak256",
            ["silent uri"] = "no complete answer within",
            ["public inputs"] = "the witness gives public signals",
            ["rejected input"] = "input signal nope",
            ["wrong key"] = "hashes to circuit id",
        };
        var ids = new Dictionary<string, BigInteger>();
        foreach (var (what, terms) in hostile)
        {
            ids[what] = (await fixture.Attacker.SubmitAsync(terms)).Id;
        }
        var requester = devnet.ContractsFor(DevnetSession.RequesterKey);
        var (honestId, _) = await requester.SubmitAsync(Terms(MarketMechanism.SealedBid, 120));

        var log = new StringWriter();
        var options = new ProverAgentOptions { StateDirectory = _state, PlaceAsks = false, Keeper = false, PreflightTimeout = TimeSpan.FromSeconds(20) };
        var (agent, chain) = await HostileCircuitTests.ProverWithPolicyAsync(devnet, options, log, index: 1);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var run = agent.RunAsync(stop.Token);
        try
        {
            var state = await AgentHarness.EventuallyAsync(async () =>
            {
                var s = await requester.GetRequestAsync(honestId);
                return s.Status == RequestStatus.Fulfilled ? s : null;
            }, TimeSpan.FromSeconds(200), "the honest request to be fulfilled");
            Assert.Equal(chain.Account, state.Prover);

            var text = log.ToString();
            foreach (var (what, id) in ids)
            {
                var s = await requester.GetRequestAsync(id);
                Assert.True(s.Status == RequestStatus.Open, $"{what}: request {id} is {s.Status}");
                Assert.False(await chain.HasPendingBidAsync(id, chain.Account), $"{what}: a bid was committed");
                Assert.Null(agent.Store.Find(id, 0));
                var line = text.Split('\n').FirstOrDefault(l => l.Contains($"event=preflight_failed request={id} ", StringComparison.Ordinal));
                Assert.True(line is not null, $"{what}: no pre-flight failure logged");
                Assert.Contains(reasons[what], line, StringComparison.Ordinal);
            }
            Assert.True(agent.Breaker.AllowsNewWork);
            Assert.Equal(10 * AgentHarness.Ether, await chain.TotalStakeAsync(chain.Account));
        }
        finally
        {
            release.Release(10);
            await stop.CancelAsync();
            await run;
            output.WriteLine(log.ToString());
        }
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
