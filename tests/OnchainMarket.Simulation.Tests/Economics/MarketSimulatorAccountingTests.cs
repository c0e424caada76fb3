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

        // The requesters' ceiling: maxPriceUsd plus the gas of a request all three provers bid on.
        var g = config.Gas;
        var ceiling = config.MaxPriceUsd + g.Usd(g.Submit + g.Finalize + g.Fulfill + (3 * (g.CommitBid + g.RevealBid)));
        Assert.All(run.Rounds.Where(r => r.Served), r => Assert.InRange(r.PriceUsd, 0, ceiling + 1e-9));
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
    public void Provers_that_only_lose_races_win_nothing_once_prices_settle()
    {
        // Seed 12 draws both fast and slow machines into the first ten.
        var config = TinyConfig.Create(1200) with { Seed = 12 };
        var scenario = Scenario.Create(config, 10);
        Assert.Contains(scenario.Fleet, m => m.Profile == "fast");
        Assert.Contains(scenario.Fleet, m => m.Profile == "slow");
        var run = new MarketSimulator(config).Run(MechanismKind.Race, scenario);

        // 200 s proofs never beat a 10 s one that is online: the slow machines win almost nothing after the warm-up.
        var slowWins = run.Provers.Where(p => p.Profile == "slow").Sum(p => p.WinsAfterWarmup);
        Assert.True(slowWins <= run.Served / 50, $"slow machines won {slowWins} of {run.Served}");
    }

    public static TheoryData<MechanismKind, RaceRegime> AllArms() => new()
    {
        { MechanismKind.Race, RaceRegime.Rational },
        { MechanismKind.Race, RaceRegime.AllRace },
        { MechanismKind.Race, RaceRegime.FreeEntry },
        { MechanismKind.SealedBid, RaceRegime.Rational },
        { MechanismKind.Dutch, RaceRegime.Rational },
        { MechanismKind.Orderbook, RaceRegime.Rational },
    };

    [Theory]
    [MemberData(nameof(AllArms))]
    public void The_decomposition_adds_up_to_the_requesters_outlay_and_matches_the_provers_books(MechanismKind mechanism, RaceRegime regime)
    {
        // No warm-up, so the per-request figures cover exactly what the provers' books cover; a gas
        // price high enough that a misattributed transaction would show.
        var config = TinyConfig.Create(300) with { WarmupRequests = 0 };
        config = config with { Gas = config.Gas with { PriceGwei = 0.05 } };
        var run = new MarketSimulator(config).Run(mechanism, Scenario.Create(config, 4), regime);
        var served = run.Served;

        Assert.True(served > 0);
        var parts = run.UsefulCostPerRequestUsd + run.WastedCostPerRequestUsd + run.GasUsdPerRequest + run.ProverMarginPerRequestUsd;
        Assert.Equal(run.RequesterOutlayPerRequestUsd, parts, 9);

        // Requester's books: every proved request paid once, at its price, plus the requester's gas.
        var paid = run.Rounds.Where(r => r.Served).Sum(r => r.PriceUsd);
        var requesterGas = run.Rounds.Sum(r => config.Gas.Usd(r.RequesterGas));
        Assert.Equal(run.RequesterOutlayPerRequestUsd * served, paid + requesterGas, 9);
        // Provers' books, kept separately by each prover, agree with the per-request records.
        Assert.Equal(paid, run.Provers.Sum(p => p.RevenueUsd), 9);
        Assert.Equal(run.ProverMarginPerRequestUsd * served, run.Provers.Sum(p => p.ProfitUsd), 9);
        Assert.Equal(run.Rounds.Sum(r => config.Gas.Usd(r.ProverGas)), run.Provers.Sum(p => p.GasUsd), 9);
        Assert.Equal(run.WastedCostPerRequestUsd * served, run.Provers.Sum(p => p.ProvingCostUsd) - run.Rounds.Sum(r => r.UsefulCostUsd), 9);
        Assert.All(run.Rounds, r =>
        {
            Assert.Equal(r.ProvingCostUsd - r.UsefulCostUsd, r.WastedCostUsd, 12);
            Assert.True(r.WastedCostUsd >= -1e-12, $"request {r.Request}: negative waste");
            Assert.InRange(r.RequesterGas, 0, r.Gas);
        });
    }

    [Fact]
    public void When_all_race_the_reward_is_the_racers_spend_and_everyone_free_races()
    {
        var config = TinyConfig.Create(300);
        var scenario = Scenario.Create(config, 3);
        var run = Simulator.Run(MechanismKind.Race, scenario, RaceRegime.AllRace);
        var rational = Simulator.Run(MechanismKind.Race, scenario, RaceRegime.Rational);

        Assert.Equal(0, run.ProverMarginPerRequestUsd, 9);
        Assert.True(run.MeanParticipants > rational.MeanParticipants, $"all racing {run.MeanParticipants} vs rational {rational.MeanParticipants}");
        Assert.True(run.WastedCostPerRequestUsd > 0);
        Assert.Equal(3, run.ProversInMarket);
    }

    [Fact]
    public void Free_entry_buys_n_star_racers_and_pays_their_spend()
    {
        var config = TinyConfig.Create(300) with { Availability = 0.8, TargetFailureRate = 0.01 };
        // ln 0.01 / ln 0.2 = 2.86: three racers.
        Assert.Equal(3, config.FreeEntryRacers);
        var run = new MarketSimulator(config).Run(MechanismKind.Race, Scenario.Create(config, 6), RaceRegime.FreeEntry);

        Assert.Equal(3, run.ProversInMarket);
        Assert.All(run.Provers.Where(p => !p.InMarketAtEnd), p => Assert.Equal(0, p.Participations));
        Assert.Equal(0, run.ProverMarginPerRequestUsd, 9);
    }

    [Fact]
    public void The_free_entry_set_is_the_fast_lead_and_the_cheapest_slower_racers()
    {
        FleetMember[] fleet =
        [
            new("gpu", 10, 0.001),          // fast and dear: 0.01 per proof
            new("cheap", 30, 0.0001),       // 0.003 per proof, keeps up with a request a minute
            new("dear", 40, 0.002),
            new("too-slow", 500, 0.000001), // cheapest of all (0.0005), but as the lead it would never keep up
        ];

        // Alone: the cheapest machine that keeps up. In pairs: that lead plus the cheapest slower
        // machine, which stops after the lead's 30 s (30 x 0.000101 beats the gpu lead's 10 x 0.001001).
        Assert.Equal([1], MarketSimulator.FreeEntrySet(fleet, 1, meanInterarrivalSeconds: 60));
        Assert.Equal([1, 3], MarketSimulator.FreeEntrySet(fleet, 2, meanInterarrivalSeconds: 60));
        // With requests every 10 s only the gpu can lead.
        Assert.Equal([0, 3], MarketSimulator.FreeEntrySet(fleet, 2, meanInterarrivalSeconds: 10));
    }

    [Fact]
    public void Fleets_nest_as_K_grows()
    {
        var config = TinyConfig.Create(100) with { KSweep = [2, 5, 8] };
        var small = Scenario.Create(config, 2);
        var large = Scenario.Create(config, 8);

        Assert.Equal(small.Fleet, large.Fleet.Take(2));
        Assert.Equal(small.Arrivals, large.Arrivals);
        for (var j = 0; j < 100; j++)
        {
            Assert.Equal(small.ProofSeconds(j, 1), large.ProofSeconds(j, 1));
            Assert.Equal(small.Online(j, 0), large.Online(j, 0));
        }
        Assert.Equal(large.Fleet.Take(5), large.WithK(5).Fleet);
    }

    [Theory]
    [InlineData(MechanismKind.SealedBid)]
    [InlineData(MechanismKind.Dutch)]
    [InlineData(MechanismKind.Orderbook)]
    public void A_dropout_is_slashed_split_as_the_protocol_says_and_the_books_still_balance(MechanismKind mechanism)
    {
        // A short cooldown, so that slashed provers come back and there are many assignments to look at.
        // A deadline that leaves room for re-opens: one is allowed only while a full proving window remains.
        var config = TinyConfig.Create(400) with { WarmupRequests = 0, DeadlineSeconds = 3600, Faults = new Config.FaultSettings { CooldownSeconds = 60 } };
        config = config with { Gas = config.Gas with { PriceGwei = 0.05 } };
        var run = new MarketSimulator(config).Run(mechanism, Scenario.Create(config, 4), RaceRegime.Rational, new FaultCase(0.3, false));
        var f = config.Faults;
        var slashed = run.Rounds.Where(r => r.SlashedUsd > 0).ToArray();
        var delivered = run.Rounds.Count(r => r.Served && r.SlashedUsd == 0);

        // About 30 % of assignments drop.
        Assert.True(slashed.Length >= 20, $"only {slashed.Length} slashes");
        Assert.InRange((double)slashed.Length / (slashed.Length + delivered), 0.15, 0.45);
        Assert.All(slashed, r =>
        {
            // Each slash takes one assignment's collateral; a request re-opens at most maxReopens times.
            var slashes = (int)Math.Round(r.SlashedUsd / f.CollateralUsd);
            Assert.InRange(slashes, 1, f.MaxReopens + 1);
            Assert.Equal(r.SlashedUsd, r.CompensationUsd + r.BountyUsd + r.KeeperUsd + r.BurnedUsd, 9);
            Assert.True(r.KeeperUsd <= (slashes * f.KeeperCapUsd) + 1e-9 && r.BountyUsd <= (slashes * f.BountyShare * f.CollateralUsd) + 1e-9);
            // Compensation is capped at the failed assignment's price, and a re-open's ramp starts there,
            // so a rescued request's price bounds it: never the 50 % of a $1 collateral uncapped.
            if (r.Served)
            {
                Assert.True(r.CompensationUsd <= (slashes * r.PriceUsd) + 1e-9, $"request {r.Request} over-compensated: {r.CompensationUsd} for price {r.PriceUsd}");
            }
            else
            {
                // Expired: nobody earned the bounty, so it was burned with the rest.
                Assert.Equal(0, r.BountyUsd);
            }
            Assert.True(r.BurnedUsd >= 0);
        });
        Assert.Contains(slashed, r => r.SlashedUsd > f.CollateralUsd);
        Assert.Contains(slashed, r => r.Served);
        // The slashed provers' books carry the collateral, and every dollar is accounted for:
        // outlay = useful + wasted + gas + provers' margin + (keeper + burned).
        Assert.Equal(slashed.Sum(r => r.SlashedUsd), run.Provers.Sum(p => p.SlashedUsd), 9);
        var parts = run.UsefulCostPerRequestUsd + run.WastedCostPerRequestUsd + run.GasUsdPerRequest + run.ProverMarginPerRequestUsd + run.SlashToOthersPerRequestUsd;
        Assert.Equal(run.RequesterOutlayPerRequestUsd, parts, 9);
        Assert.Equal(run.ProverMarginPerRequestUsd * run.Served, run.Provers.Sum(p => p.ProfitUsd), 9);
        // A rescued request waits out the proving window.
        Assert.All(slashed.Where(r => r.Served), r => Assert.True(r.LatencySeconds >= f.ProvingWindowSeconds));
    }

    [Fact]
    public void A_slash_too_late_for_a_full_proving_window_expires_the_request_and_burns_the_bounty()
    {
        // Deadline 900 s, proving window 600 s: the slash lands after deadline - window, so no re-open.
        var config = TinyConfig.Create(300) with { WarmupRequests = 0, DeadlineSeconds = 900 };
        var run = new MarketSimulator(config).Run(MechanismKind.Dutch, Scenario.Create(config, 4), RaceRegime.Rational, new FaultCase(0.3, false));
        var slashed = run.Rounds.Where(r => r.SlashedUsd > 0).ToArray();

        Assert.NotEmpty(slashed);
        Assert.All(slashed, r =>
        {
            Assert.False(r.Served);
            Assert.Equal(config.Faults.CollateralUsd, r.SlashedUsd, 9);
            Assert.Equal(0, r.BountyUsd);
        });
    }

    [Fact]
    public void An_outage_raises_latency_and_failures_only_where_provers_are_missing()
    {
        var config = TinyConfig.Create(600) with { Faults = new Config.FaultSettings { OutageShare = 1.0, OutageSeconds = 3000 } };
        var scenario = Scenario.Create(config, 3);
        var simulator = new MarketSimulator(config);
        var calm = simulator.Run(MechanismKind.Dutch, scenario);
        var outage = simulator.Run(MechanismKind.Dutch, scenario, RaceRegime.Rational, new FaultCase(0, true));

        // Every prover offline for 3000 s at 40 s between requests: about 75 requests find nobody.
        Assert.InRange(outage.Failures - calm.Failures, 40, 110);
        Assert.Equal(calm.Rounds.Take(config.WarmupRequests), outage.Rounds.Take(config.WarmupRequests));
    }
}
