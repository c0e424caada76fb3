using OnchainMarket.Simulation.Economics;
using OnchainMarket.Simulation.Mechanisms;
using Xunit;

namespace OnchainMarket.Simulation.Tests.Economics;

public sealed class MarketSimulatorAccountingTests
{
    private static readonly MarketSimulator Simulator = new(TinyConfig.Create());
    private static readonly Scenario SharedScenario = Scenario.Create(TinyConfig.Create(), 3);

    public static TheoryData<MechanismKind> AllMechanisms() => [.. MechanismNames.ReportOrder];

    [Theory]
    [MemberData(nameof(AllMechanisms))]
    public void Every_proved_request_is_paid_once_and_payments_equal_clearing_prices(MechanismKind mechanism)
    {
        var run = Simulator.Run(mechanism, SharedScenario);
        var served = run.Rounds.Where(r => r.Served).ToArray();

        Assert.NotEmpty(served);
        Assert.Equal(served.Length, run.Provers.Sum(p => p.Wins));
        Assert.Equal(served.Sum(r => r.PriceUsd), run.Provers.Sum(p => p.RevenueUsd), 9);
        Assert.All(served, r => Assert.InRange(r.Winner, 0, 2));
        Assert.All(run.Rounds.Where(r => !r.Served), r => Assert.True(double.IsNaN(r.PriceUsd)));
    }

    [Theory]
    [MemberData(nameof(AllMechanisms))]
    public void Machine_seconds_and_proving_cost_add_up_over_the_provers(MechanismKind mechanism)
    {
        var run = Simulator.Run(mechanism, SharedScenario);

        Assert.Equal(run.Rounds.Sum(r => r.MachineSeconds), run.Provers.Sum(p => p.MachineSeconds), 6);
        Assert.Equal(run.Rounds.Sum(r => r.ProvingCostUsd), run.Provers.Sum(p => p.ProvingCostUsd), 9);
        Assert.All(run.Rounds, r => Assert.Equal(r.MachineSeconds - r.UsefulMachineSeconds, r.WastedMachineSeconds, 9));
    }

    [Theory]
    [InlineData(MechanismKind.SealedBid)]
    [InlineData(MechanismKind.Dutch)]
    [InlineData(MechanismKind.Orderbook)]
    public void An_allocating_mechanism_computes_exactly_one_proof_per_request(MechanismKind mechanism)
    {
        var run = Simulator.Run(mechanism, SharedScenario);

        Assert.All(run.Rounds.Where(r => r.Served), r =>
        {
            Assert.Equal(1, r.ProofEquivalents);
            Assert.Equal(0, r.WastedMachineSeconds);
        });
        Assert.Equal(0, run.WastedProofsPerRequest);
    }

    [Fact]
    public void A_race_with_several_racers_wastes_the_losers_work()
    {
        var run = Simulator.Run(MechanismKind.Race, SharedScenario);
        var contested = run.Rounds.Where(r => r.Served && r.Participants > 1).ToArray();

        Assert.NotEmpty(contested);
        Assert.All(contested, r => Assert.True(r.WastedMachineSeconds > 0, $"request {r.Request} had {r.Participants} racers and no waste"));
        Assert.All(run.Rounds.Where(r => r.Served), r => Assert.InRange(r.ProofEquivalents, 1, r.Participants));
    }

    [Fact]
    public void A_winning_sealed_bid_is_paid_at_least_its_bid_and_at_most_the_cap()
    {
        var config = TinyConfig.Create();
        var run = Simulator.Run(MechanismKind.SealedBid, SharedScenario);

        Assert.All(run.Rounds.Where(r => r.Served), r => Assert.InRange(r.PriceUsd, 0, config.MaxPriceUsd + 1e-9));
        Assert.All(run.Provers.Where(p => p.Wins > 0), p => Assert.True(p.RevenueUsd >= p.Wins * p.MeanProofCostUsd * 0.5));
    }

    [Fact]
    public void The_same_config_and_seed_give_the_same_run()
    {
        var a = new MarketSimulator(TinyConfig.Create(200)).Run(MechanismKind.Dutch, 3);
        var b = new MarketSimulator(TinyConfig.Create(200)).Run(MechanismKind.Dutch, 3);

        Assert.Equal(a.Rounds, b.Rounds);
    }

    [Fact]
    public void Provers_that_only_lose_races_leave_the_market()
    {
        var run = new MarketSimulator(TinyConfig.Create(1200)).Run(MechanismKind.Race, 3);
        var slow = run.Provers.Single(p => p.Profile == "slow");

        // 200 s proofs never beat a 10 s one: the slow machine wins nothing after the warm-up.
        Assert.Equal(0, slow.WinsAfterWarmup);
        Assert.True(run.TopProverShare > 0.5);
    }
}
