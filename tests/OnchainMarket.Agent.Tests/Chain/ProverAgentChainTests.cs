using System.Numerics;
using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.State;
using OnchainMarket.Agent.Transactions;
using Xunit;
using Xunit.Abstractions;

namespace OnchainMarket.Agent.Tests.Chain;

/// <summary>The prover agent against a real anvil devnet, real circuits and real Groth16 proofs.</summary>
[Collection("devnet")]
public sealed class ProverAgentChainTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("omkt-agent-").FullName;

    /// <summary>The same market, the same agent: only the stake source behind IStakeSource differs.</summary>
    [Theory]
    [InlineData(CollateralKind.Vault)]
    [InlineData(CollateralKind.Symbiotic)]
    public async Task A_dutch_request_is_locked_proved_fulfilled_and_paid(CollateralKind collateral)
    {
        await using var devnet = await DevnetSession.StartAsync(provers: 1, progress: output.WriteLine, collateral: collateral);
        var log = new StringWriter();
        var (agent, _) = await AgentHarness.ProverAsync(devnet, 0, _state, log: log);
        var requester = devnet.ContractsFor(DevnetSession.RequesterKey);
        var terms = AgentHarness.RollupTerms(devnet, MarketMechanism.Dutch, 1, 10, AgentHarness.Now(), out _);

        var (id, _) = await requester.SubmitAsync(terms);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var run = agent.RunAsync(stop.Token);
        try
        {
            var state = await AgentHarness.EventuallyAsync(async () =>
            {
                var s = await requester.GetRequestAsync(id);
                return s.Status == RequestStatus.Fulfilled ? s : null;
            }, TimeSpan.FromSeconds(90), "the request to be fulfilled");

            Assert.Equal(DevnetSession.ProverKey(0).Address(), state.Prover);
            Assert.InRange(state.Price, terms.MinPrice, terms.MaxPrice);
            var job = await AgentHarness.EventuallyAsync(() => Task.FromResult(agent.Store.Find(id, 0) is { Phase: JobPhase.Fulfilled } j ? j : null),
                TimeSpan.FromSeconds(10), "the job to be recorded as paid");
            Assert.Equal(state.Price, job.Earned);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
            output.WriteLine(log.ToString());
        }
    }

    /// <summary>
    /// A quiet chain: the deposit is the latest block and nothing is mined after it. Symbiotic counts stake from a
    /// capture one second before the block a lock lands in, so judged at the latest block the deposit is not there
    /// yet, and an agent asking there would decline every request until some other transaction is mined.
    /// </summary>
    [Fact]
    public async Task Stake_deposited_in_the_latest_block_counts_for_a_lock_sent_a_second_later_with_no_block_between()
    {
        await using var devnet = await DevnetSession.StartAsync(provers: 1, progress: output.WriteLine, collateral: CollateralKind.Symbiotic);
        var (_, chain) = await AgentHarness.ProverAsync(devnet, 0, _state);
        var head = await devnet.Web3.NumberAsync();
        // The chain's clock moves on; no block is mined.
        await devnet.Web3.IncreaseTimeAsync(2);

        Assert.True(await chain.IsEligibleAsync(chain.Account, AgentHarness.Ether));
        Assert.True(await chain.FreeStakeAsync(chain.Account) >= AgentHarness.Ether);
        Assert.Equal(head, await devnet.Web3.NumberAsync());
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
