using System.Numerics;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Market;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Devnet.Deploy;
using Xunit;
using Xunit.Abstractions;

namespace OnchainMarket.Agent.Tests.Chain;

/// <summary>The prover client's event following (Nethereum.BlockchainProcessing) on a real anvil devnet.</summary>
[Collection("devnet")]
public sealed class MarketEventFollowerChainTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Events_spread_over_several_getLogs_ranges_arrive_once_in_chain_order_and_a_new_follower_resumes_where_the_last_stopped()
    {
        await using var devnet = await DevnetSession.StartAsync(provers: 1, progress: output.WriteLine);
        var requester = devnet.ContractsFor(DevnetSession.RequesterKey);
        var (first, _) = await requester.SubmitAsync(AgentHarness.RollupTerms(devnet, MarketMechanism.Dutch, 1, 10, AgentHarness.Now(), out _));
        // Empty blocks between the events, so that they fall into different eth_getLogs ranges.
        await devnet.Rpc.SendRawAsync("anvil_mine", [$"0x{2 * MarketEventFollower.BlocksPerRequest + 100:x}"]);
        var (second, _) = await requester.SubmitAsync(AgentHarness.RollupTerms(devnet, MarketMechanism.Dutch, 1, 20, AgentHarness.Now(), out _));
        await requester.CancelAsync(first);

        var seen = new List<MarketEvent>();
        var follower = new MarketEventFollower(requester.Web3, requester.MarketAddress, devnet.Deployment.DeployBlock, seen.Add);
        var head = await devnet.Rpc.GetBlockNumberAsync();
        Assert.True(head - devnet.Deployment.DeployBlock > 2 * MarketEventFollower.BlocksPerRequest, "the events do not span three ranges");
        await follower.FollowToAsync(head, CancellationToken.None);

        Assert.Equal(head + 1, follower.NextBlock);
        Assert.Collection(seen,
            e => Assert.Equal(first, Assert.IsType<RequestSubmitted>(e).Id),
            e => Assert.Equal(second, Assert.IsType<RequestSubmitted>(e).Id),
            e => Assert.Equal((first, false), (Assert.IsType<RequestClosed>(e).Id, ((RequestClosed)e).Expired)));
        var submitted = (RequestSubmitted)seen[0];
        Assert.Equal(BigInteger.One, submitted.Request.Terms.PublicInputs[0]);

        // Following to the same head again reads nothing new.
        await follower.FollowToAsync(head, CancellationToken.None);
        Assert.Equal(3, seen.Count);

        // A follower started where the first stopped (a restarted agent) sees only what came after.
        await requester.CancelAsync(second);
        var resumed = new List<MarketEvent>();
        var next = new MarketEventFollower(requester.Web3, requester.MarketAddress, follower.NextBlock, resumed.Add);
        await next.FollowToAsync(await devnet.Rpc.GetBlockNumberAsync(), CancellationToken.None);
        Assert.Equal(second, Assert.IsType<RequestClosed>(Assert.Single(resumed)).Id);
    }
}
