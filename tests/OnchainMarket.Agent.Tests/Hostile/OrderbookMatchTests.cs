using System.Text;
using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Market;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.Tests.Chain;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Ethereum;
using Xunit;
using Xunit.Abstractions;

namespace OnchainMarket.Agent.Tests.Hostile;

/// <summary>
/// H1 for the orderbook: a standing ask is matched by the requester's own transaction, so the
/// attacker, not the prover, decides what it is bound to. The attacker posts an orderbook request
/// whose input does not match its hash; the match lands on the honest prover's ask. The client
/// pre-flights the match inside the ask's acceptance window and releases it unslashed, then
/// serves an honest orderbook request through a fresh ask.
/// </summary>
[Collection("hostile-devnet")]
public sealed class OrderbookMatchTests(HostileDevnet fixture, ITestOutputHelper output) : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("omkt-hostile-orderbook-").FullName;

    [Fact]
    public async Task A_match_that_fails_its_preflight_is_released_within_the_acceptance_window_and_not_slashed()
    {
        var devnet = fixture.Devnet;
        await using var server = new LoopbackHttpServer((_, stream, token) =>
            // Not the bytes the request's hash names.
            LoopbackHttpServer.WriteAsync(stream, 200, Encoding.UTF8.GetBytes("{\"txs\": [7, 7, 7, 7], \"oldRoot\": \"5\"}"), token));

        var log = new StringWriter();
        var options = new ProverAgentOptions { StateDirectory = _state, PlaceAsks = true, AskAcceptWindow = 60, Keeper = false, PreflightTimeout = TimeSpan.FromSeconds(20) };
        var (agent, chain) = await HostileCircuitTests.ProverWithPolicyAsync(devnet, options, log, index: 2);
        var stakeBefore = await chain.TotalStakeAsync(chain.Account);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var run = agent.RunAsync(stop.Token);
        try
        {
            await AskPlacedAsync(log);
            var now = await HostileCircuitTests.ChainNowAsync(devnet);
            var honestTerms = AgentHarness.RollupTerms(devnet, MarketMechanism.Orderbook, 7, 130, now, out _);
            var hostileTerms = honestTerms with
            {
                WitnessInline = [],
                WitnessUri = server.BaseUrl + "/input.json",
                WitnessHash = Keccak256.Hash(honestTerms.WitnessInline),
            };
            var (hostileId, submission) = await fixture.Attacker.SubmitAsync(hostileTerms);
            // The match is made inside the attacker's transaction; the client may release it before
            // any later read of the request, so the match is read from that transaction's events.
            var match = chain.EventsOf(submission).OfType<RequestAssigned>().SingleOrDefault(a => a.Id == hostileId);
            Assert.True(match is not null && match.Prover == chain.Account && match.AcceptBy > 0,
                $"the hostile request should have matched the honest prover's ask with an acceptance window, it matched {match?.Prover.ToString() ?? "nobody"}");

            // Logged once the release transaction is mined.
            var released = await AgentHarness.EventuallyAsync(() => Task.FromResult(
                log.ToString().Split('\n').FirstOrDefault(l => l.Contains($"event=match_released request={hostileId} ", StringComparison.Ordinal))),
                TimeSpan.FromSeconds(60), "the hostile match to be released");
            var afterRelease = await chain.GetRequestAsync(hostileId);
            Assert.False(afterRelease.Status == RequestStatus.Assigned && afterRelease.Prover == chain.Account, $"request {hostileId} is still assigned to the honest prover");
            Assert.Contains("has keccak256", released, StringComparison.Ordinal);
            Assert.Equal(stakeBefore, await chain.TotalStakeAsync(chain.Account));
            Assert.Equal(stakeBefore, await chain.FreeStakeAsync(chain.Account));

            // The honest prover keeps serving the orderbook: its ask stays (or is placed again and
            // matches the resting request at once), the honest match passes, it is proved and paid.
            var requester = devnet.ContractsFor(DevnetSession.RequesterKey);
            var (honestId, _) = await requester.SubmitAsync(honestTerms);
            var fulfilled = await AgentHarness.EventuallyAsync(async () =>
            {
                var s = await requester.GetRequestAsync(honestId);
                return s.Status == RequestStatus.Fulfilled ? s : null;
            }, TimeSpan.FromSeconds(150), "the honest orderbook request to be fulfilled");
            Assert.Equal(chain.Account, fulfilled.Prover);
            Assert.Contains($"event=match_accepted request={honestId} ", log.ToString(), StringComparison.Ordinal);
            Assert.Equal(stakeBefore, await chain.TotalStakeAsync(chain.Account));
            Assert.True(agent.Breaker.AllowsNewWork);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
            output.WriteLine(log.ToString());
        }
    }

    private static Task AskPlacedAsync(StringWriter log) =>
        AgentHarness.EventuallyAsync(() => Task.FromResult<object?>(log.ToString().Contains("event=ask_placed circuit=rollup ", StringComparison.Ordinal) ? new object() : null),
            TimeSpan.FromSeconds(90), "the prover's ask to be placed");

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
