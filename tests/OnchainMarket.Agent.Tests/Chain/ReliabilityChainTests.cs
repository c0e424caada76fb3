using System.Numerics;
using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.State;
using OnchainMarket.Ethereum;
using Xunit;
using Xunit.Abstractions;

namespace OnchainMarket.Agent.Tests.Chain;

/// <summary>Crashes, missed deadlines and slashes, against a real devnet with real proofs.</summary>
[Collection("devnet")]
public sealed class ReliabilityChainTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("omkt-reliability-").FullName;

    private sealed class SimulatedCrash(string point) : Exception($"simulated crash at {point}");

    [Fact]
    public async Task A_prover_that_crashes_between_saving_its_bid_and_sending_it_commits_reveals_wins_and_is_paid_after_restart()
    {
        await using var devnet = await DevnetSession.StartAsync(provers: 1, progress: output.WriteLine);
        var log = new StringWriter();
        var stateDir = Path.Combine(_state, "p1");
        var crashing = new ProverAgentOptions
        {
            StateDirectory = stateDir,
            PlaceAsks = false,
            CrashPoint = (point, _) =>
            {
                if (point == "commit_persisted")
                {
                    throw new SimulatedCrash(point);
                }
            },
        };
        var (first, chain) = await AgentHarness.ProverAsync(devnet, 0, stateDir, crashing, log: log);
        var requester = devnet.ContractsFor(DevnetSession.RequesterKey);
        var terms = AgentHarness.RollupTerms(devnet, MarketMechanism.SealedBid, 5, 20, AgentHarness.Now(), out _) with
        {
            CommitDeadline = AgentHarness.Now() + 20,
            RevealDeadline = AgentHarness.Now() + 32,
        };
        var (id, _) = await requester.SubmitAsync(terms);

        // The first life: it saves salt and price, then dies before the commit reaches the node.
        using (var firstLife = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await AgentHarness.EventuallyAsync(async () =>
            {
                await first.TickAsync(firstLife.Token);
                return first.Store.Find(id, 0);
            }, TimeSpan.FromSeconds(30), "the bid to be saved");
        }
        var saved = first.Store.Find(id, 0)!;
        Assert.Equal(JobPhase.CommitPending, saved.Phase);
        Assert.NotNull(saved.Salt);
        Assert.False(await chain.HasPendingBidAsync(id, chain.Account));
        await first.DisposeAsync();

        // The second life, from the same folder: it finds the owed commit and sees it through.
        var (second, _) = await AgentHarness.ProverAsync(devnet, 0, stateDir, new ProverAgentOptions { StateDirectory = stateDir, PlaceAsks = false }, log: log);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var run = second.RunAsync(stop.Token);
        try
        {
            var state = await AgentHarness.EventuallyAsync(async () =>
            {
                var s = await requester.GetRequestAsync(id);
                return s.Status == RequestStatus.Fulfilled ? s : null;
            }, TimeSpan.FromSeconds(150), "the request to be fulfilled");
            Assert.Equal(chain.Account, state.Prover);
            // The only bid: the winner is paid maxPrice (second price with one bidder).
            Assert.Equal(terms.MaxPrice, state.Price);
            // The agent records the payment right after the receipt: give it that moment.
            var job = await AgentHarness.EventuallyAsync(() => Task.FromResult(second.Store.Find(id, 0) is { Phase: JobPhase.Fulfilled } j ? j : null),
                TimeSpan.FromSeconds(10), "the job to be recorded as paid");
            // Revealed with the salt saved before the crash: the reveal would have reverted otherwise.
            Assert.Equal(saved.Salt, job.Salt);
            Assert.Equal(terms.MaxPrice, job.Earned);
            Assert.Contains("event=bid_revealed request=" + id, log.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
            output.WriteLine(log.ToString());
        }
    }

    /// <summary>With Symbiotic collateral the slash goes through the vault's Slasher and our burner to the market's split.</summary>
    [Theory]
    [InlineData(CollateralKind.Vault)]
    [InlineData(CollateralKind.Symbiotic)]
    public async Task A_prover_that_misses_its_deadline_is_slashed_the_requester_compensated_and_a_rescuer_advances_the_rollup(CollateralKind collateral)
    {
        await using var devnet = await DevnetSession.StartAsync(provers: 2, progress: output.WriteLine, collateral: collateral);
        var log = new StringWriter();
        // The failing prover is the cheapest, so it locks first; it then drops the job.
        var (failing, failingChain) = await AgentHarness.ProverAsync(devnet, 0, Path.Combine(_state, "a"),
            new ProverAgentOptions { StateDirectory = Path.Combine(_state, "a"), PlaceAsks = false, Keeper = false, FailJob = _ => true },
            weiPerSecond: AgentHarness.Gwei, log: log);
        var (rescuer, rescuerChain) = await AgentHarness.ProverAsync(devnet, 1, Path.Combine(_state, "b"),
            new ProverAgentOptions { StateDirectory = Path.Combine(_state, "b"), PlaceAsks = false },
            weiPerSecond: 2_000_000 * AgentHarness.Gwei, log: log);

        var requester = devnet.ContractsFor(DevnetSession.RequesterKey);
        var rollup = new ExampleRollupChain(requester, Address.Parse(devnet.Deployment.Rollup!));
        var genesis = await rollup.StateRootAsync();
        var terms = AgentHarness.RollupTerms(devnet, MarketMechanism.Dutch, genesis, 40, AgentHarness.Now(), out var newRoot) with { ProvingWindow = 12, RampDuration = 30 };
        var (_, batchHash, _) = WitnessPreview.RollupBatch(devnet.RollupPreview.WasmPath, genesis, [40, 41, 42, 43]);
        var (id, _) = await rollup.PostBatchAsync(newRoot, batchHash, terms, "postBatch");

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        // Both reservations may already be under the opening Dutch price: start the rescuer only once the chain shows
        // the cheap prover holding round 0, so which one locks first does not depend on how busy the machine is. (The
        // agent's own record appears before its lock is mined; on a loaded machine the rescuer could win that race.)
        var runs = new List<Task> { failing.RunAsync(stop.Token) };
        try
        {
            await AgentHarness.EventuallyAsync(async () =>
            {
                var s = await requester.GetRequestAsync(id);
                return s.Status == RequestStatus.Assigned && s.Prover == failingChain.Account ? s : null;
            }, TimeSpan.FromMinutes(2), "the cheap prover to lock round 0 on chain");
            runs.Add(rescuer.RunAsync(stop.Token));
            var final = await AgentHarness.EventuallyAsync(async () =>
            {
                var s = await requester.GetRequestAsync(id);
                return s.Status == RequestStatus.Fulfilled ? s : null;
            }, TimeSpan.FromMinutes(3), "the rescued request to be fulfilled");

            Assert.Equal(rescuerChain.Account, final.Prover);
            Assert.Equal(1, final.Round);
            Assert.Equal(newRoot, await rollup.StateRootAsync());
            await AgentHarness.EventuallyAsync(() => Task.FromResult(failing.Store.Find(id, 0) is { Phase: JobPhase.Slashed } j ? j : null),
                TimeSpan.FromSeconds(10), "the failing prover to record its slash");
            Assert.False(failing.Breaker.AllowsNewWork);
            await AgentHarness.EventuallyAsync(() => Task.FromResult(rescuer.Store.Find(id, 1) is { Phase: JobPhase.Fulfilled } j ? j : null),
                TimeSpan.FromSeconds(10), "the rescue to be recorded as paid");
            // The requester (the rollup contract) got its share of the slashed stake, in the stake token.
            Assert.True(await requester.ClaimableAsync(Address.Parse(devnet.Deployment.StakeToken), rollup.Address) > 0);
            // The slashed operator lost the locked collateral (with Symbiotic: its allocation of the vault, which every
            // restaker's deposit backs pro rata, the rescuer's included).
            Assert.True(await failingChain.TotalStakeAsync(failingChain.Account) < 10 * AgentHarness.Ether);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(runs);
            output.WriteLine(log.ToString());
        }
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
