using System.Numerics;
using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Market;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.Settlement;
using OnchainMarket.Agent.State;
using OnchainMarket.Contracts.ProofMarket.ContractDefinition;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Ethereum;
using Nethereum.Contracts;
using Xunit;
using Xunit.Abstractions;

namespace OnchainMarket.Agent.Tests.Chain;

/// <summary>
/// Batch settlement against a real anvil devnet with real proofs. The batch wait is ten minutes of chain
/// time: nothing here waits for it on the wall clock, the test moves the chain's clock instead.
/// </summary>
[Collection("devnet")]
public sealed class BatchSettlementChainTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(10);
    private readonly string _state = Directory.CreateTempSubdirectory("omkt-batch-").FullName;

    [Fact]
    public async Task Eight_ready_proofs_of_one_circuit_are_settled_in_one_fulfillBatch_and_all_paid()
    {
        await using var devnet = await DevnetSession.StartAsync(provers: 1, progress: output.WriteLine);
        var written = new StringWriter();
        var log = TextWriter.Synchronized(written);
        var (agent, prover) = await AgentHarness.ProverAsync(devnet, 0, _state, Options(capacity: 8), log: log);
        var requester = devnet.ContractsFor(DevnetSession.RequesterKey);
        var now = AgentHarness.Now();
        var ids = new List<BigInteger>();
        for (var k = 0; k < 8; k++)
        {
            ids.Add((await requester.SubmitAsync(Roomy(devnet, k, now))).Id);
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var run = agent.RunAsync(stop.Token);
        try
        {
            var jobs = await AgentHarness.EventuallyAsync(() => Task.FromResult(ids.Select(id => agent.Store.Find(id, 0)).ToList() is var all
                    && all.All(j => j is { Phase: JobPhase.Fulfilled }) ? all.Select(j => j!).ToList() : null),
                TimeSpan.FromMinutes(3), "all eight jobs to be fulfilled");

            // One transaction settled all eight: a fulfillBatch call whose receipt carries eight fulfilments.
            var tx = Assert.Single(jobs.Select(j => j.LastTransaction).Distinct());
            var hash = Hash32.Parse(tx!);
            var input = (await prover.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash.ToString())).Input;
            var call = new FulfillBatchFunction().DecodeInput(input);
            Assert.Equal(ids, call.Ids);
            // What `omkt request wait` shows: each request's own proof, read out of the batch.
            for (var k = 0; k < 8; k++)
            {
                var (via, proof) = MarketContracts.ProofInFulfilment(input, ids[k]);
                Assert.Equal("fulfillBatch of 8", via);
                Assert.Equal(jobs[k].Proof!.Select(v => BigInteger.Parse(v, System.Globalization.CultureInfo.InvariantCulture)), proof);
            }
            var receipt = await prover.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash.ToString());
            var fulfilled = prover.EventsOf(receipt).OfType<RequestFulfilled>().ToList();
            Assert.Equal(ids, fulfilled.Select(f => f.Id));
            foreach (var id in ids)
            {
                var state = await requester.GetRequestAsync(id);
                Assert.Equal(RequestStatus.Fulfilled, state.Status);
                Assert.Equal(prover.Account, state.Prover);
                Assert.Equal(state.Price, jobs.Single(j => j.RequestId == id).Earned);
            }
            output.WriteLine($"fulfillBatch of 8: {receipt.GasUsed.Value} gas, {receipt.GasUsed.Value / 8} per proof");
        }
        finally
        {
            await stop.CancelAsync();
            await run;
            output.WriteLine(written.ToString());
        }
    }

    [Fact]
    public async Task A_proof_whose_window_cannot_afford_the_wait_is_fulfilled_alone_while_a_roomy_one_is_held_until_the_chain_clock_passes_the_wait()
    {
        await using var devnet = await DevnetSession.StartAsync(provers: 1, progress: output.WriteLine);
        var written = new StringWriter();
        var log = TextWriter.Synchronized(written);
        var (agent, prover) = await AgentHarness.ProverAsync(devnet, 0, _state, Options(capacity: 2), log: log);
        var requester = devnet.ContractsFor(DevnetSession.RequesterKey);
        var now = AgentHarness.Now();
        var roomy = (await requester.SubmitAsync(Roomy(devnet, 0, now))).Id;
        // 120 s to prove: far less than the ten-minute wait plus the margin.
        var closing = (await requester.SubmitAsync(AgentHarness.RollupTerms(devnet, MarketMechanism.Dutch, 100, 50, now, out _) with
        {
            ProvingWindow = 120,
            Deadline = now + 1_000,
        })).Id;

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var run = agent.RunAsync(stop.Token);
        try
        {
            var closingJob = await AgentHarness.EventuallyAsync(() => Task.FromResult(agent.Store.Find(closing, 0) is { Phase: JobPhase.Fulfilled } j ? j : null),
                TimeSpan.FromMinutes(2), "the closing request to be fulfilled");
            var closingInput = (await prover.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(closingJob.LastTransaction!)).Input;
            Assert.Equal(closing, new FulfillFunction().DecodeInput(closingInput).Id);

            // The roomy one is proved and held: its proof is saved, the chain still has it assigned.
            await AgentHarness.EventuallyAsync(() => Task.FromResult(agent.Store.Find(roomy, 0) is { Proof: not null } j ? j : null),
                TimeSpan.FromMinutes(2), "the roomy request's proof");
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(RequestStatus.Assigned, (await requester.GetRequestAsync(roomy)).Status);

            // Past the wait by the chain's clock: the held proof goes (alone: nothing of its circuit to batch with).
            await devnet.Web3.SetNextBlockTimestampAsync(await devnet.Web3.TimestampAsync() + (long)Wait.TotalSeconds + 1);
            await devnet.Web3.MineAsync();
            var roomyJob = await AgentHarness.EventuallyAsync(() => Task.FromResult(agent.Store.Find(roomy, 0) is { Phase: JobPhase.Fulfilled } j ? j : null),
                TimeSpan.FromSeconds(60), "the held request to be fulfilled");
            Assert.NotEqual(closingJob.LastTransaction, roomyJob.LastTransaction);
            Assert.Equal(RequestStatus.Fulfilled, (await requester.GetRequestAsync(roomy)).Status);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
            output.WriteLine(written.ToString());
        }
        var text = written.ToString();
        Assert.Contains($"event=proof_held request={roomy}", text, StringComparison.Ordinal);
        Assert.DoesNotContain($"event=proof_held request={closing}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_with_one_wrong_proof_reverts_in_the_estimate_and_the_good_proofs_are_still_fulfilled_alone()
    {
        await using var devnet = await DevnetSession.StartAsync(provers: 1, progress: output.WriteLine);
        var written = new StringWriter();
        var log = TextWriter.Synchronized(written);
        var ids = new List<BigInteger>();
        // The second request's proof comes out wrong; three make a full batch.
        var options = Options(capacity: 3) with { CorruptProof = id => ids.Count == 3 && id == ids[1] };
        options = options with { Batch = options.Batch! with { MaxSize = 3 } };
        var (agent, prover) = await AgentHarness.ProverAsync(devnet, 0, _state, options, log: log);
        var requester = devnet.ContractsFor(DevnetSession.RequesterKey);
        var now = AgentHarness.Now();
        for (var k = 0; k < 3; k++)
        {
            ids.Add((await requester.SubmitAsync(Roomy(devnet, k, now))).Id);
        }
        var sentBefore = (long)(await prover.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(prover.Account.ToLowerHex())).Value;

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var run = agent.RunAsync(stop.Token);
        try
        {
            var jobs = await AgentHarness.EventuallyAsync(() => Task.FromResult(ids.Select(id => agent.Store.Find(id, 0)).ToList() is var all
                    && all.All(j => j is { IsTerminal: true }) ? all.Select(j => j!).ToList() : null),
                TimeSpan.FromMinutes(3), "all three jobs to end");

            Assert.Equal(JobPhase.Fulfilled, jobs[0].Phase);
            Assert.Equal(JobPhase.Fulfilled, jobs[2].Phase);
            Assert.NotEqual(jobs[0].LastTransaction, jobs[2].LastTransaction);
            Assert.Equal(JobPhase.Failed, jobs[1].Phase);
            Assert.Contains("InvalidProof", jobs[1].Note, StringComparison.Ordinal);
            Assert.Equal(RequestStatus.Assigned, (await requester.GetRequestAsync(ids[1])).Status);
            Assert.True(agent.Breaker.State.Open, "a rejected proof opens the breaker");
        }
        finally
        {
            await stop.CancelAsync();
            await run;
            output.WriteLine(written.ToString());
        }
        Assert.Contains("event=batch_reverted", written.ToString(), StringComparison.Ordinal);
        // The batch failed in the estimate: three locks and three fulfils were mined (the bad one reverted
        // on chain under its fixed gas limit), never a fulfillBatch.
        var sent = (long)(await prover.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(prover.Account.ToLowerHex())).Value - sentBefore;
        Assert.Equal(6, sent);
    }

    private ProverAgentOptions Options(int capacity) => new()
    {
        StateDirectory = _state,
        Capacity = capacity,
        Workers = 2,
        PlaceAsks = false,
        Keeper = false,
        Batch = new BatchOptions { MaxWait = Wait, MaxSize = 8, InclusionMarginSeconds = 30 },
    };

    /// <summary>A Dutch rollup request whose proving window (20 minutes) easily affords the ten-minute wait.</summary>
    private static RequestTerms Roomy(DevnetSession devnet, int k, long now) =>
        AgentHarness.RollupTerms(devnet, MarketMechanism.Dutch, k + 1, 10 * (k + 1), now, out _) with
        {
            ProvingWindow = 1_200,
            Deadline = now + 1_700,
        };

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
