using OnchainMarket.Simulation.Economics;
using OnchainMarket.Simulation.Mechanisms;
using Xunit;

namespace OnchainMarket.Simulation.Tests.Economics;

public sealed class CollusionAnalysisTests
{
    // Hardware costs 0.01, 0.02, 0.03, 0.04 per proof (1 s at these rates); no gas, no margin, so the floors are the costs.
    private static readonly FleetMember[] Fleet =
    [
        new("a", 1, 0.02), new("b", 1, 0.01), new("c", 1, 0.04), new("d", 1, 0.03),
    ];

    private static readonly Config.SimulationConfig Config = TinyConfig.Create() with
    {
        MinMargin = 0,
        Gas = new Config.GasSchedule { PriceGwei = 0 },
        Dutch = new Config.DutchSettings { RampSeconds = 100, MinPriceUsd = 0 },
        BlockSeconds = 1,
    };

    private static CollusionOutcome Find(string attack, MechanismKind mechanism) =>
        CollusionAnalysis.Analyse(Fleet, Config, maxPriceUsd: 0.1).Single(o => o.Attack == attack && o.Mechanism == mechanism);

    [Fact]
    public void A_two_prover_cartel_lifts_the_second_price_to_the_cheapest_outsider()
    {
        var shill = Find("2-prover cartel, shill second bid", MechanismKind.SealedBid);
        var rotation = Find("2-prover cartel, bid rotation", MechanismKind.SealedBid);

        Assert.Equal(0.02, shill.CompetitivePriceUsd, 9);
        // The cheapest outsider floors at 0.03: the shill sits one unit under it.
        Assert.Equal(0.03, shill.CollusivePriceUsd, 8);
        Assert.Equal(0.03, rotation.CollusivePriceUsd, 9);
        Assert.Equal(0.04, Find("3-prover cartel, bid rotation", MechanismKind.SealedBid).CollusivePriceUsd, 9);
    }

    [Fact]
    public void A_dutch_cartel_waits_out_the_ramp_and_an_orderbook_cartel_asks_under_the_outsider()
    {
        var dutch = Find("2-prover cartel, waiting out the ramp", MechanismKind.Dutch);
        var book = Find("2-prover cartel, ask under the cheapest outsider", MechanismKind.Orderbook);

        // Ramp 0 -> 0.1 over 100 s: 0.001 a second. The competitor at 0.02 locks at t = 20, so the
        // cheapest locks at t = 19 (0.019); the cartel waits for the outsider at 0.03 (locks at 0.029).
        Assert.Equal(0.019, dutch.CompetitivePriceUsd, 9);
        Assert.Equal(0.029, dutch.CollusivePriceUsd, 9);
        Assert.Equal(0.03, book.CollusivePriceUsd, 8);
        Assert.True(book.RequesterLossUsd > 0.0099);
    }

    [Fact]
    public void A_sybil_second_bid_never_raises_what_the_cheapest_is_paid()
    {
        var sybil = Find("Sybil identity bidding the second price", MechanismKind.SealedBid);

        Assert.True(sybil.CollusivePriceUsd <= sybil.CompetitivePriceUsd);
        Assert.True(sybil.AttackerNetUsd <= 0);
    }

    [Fact]
    public void With_no_outsider_the_cartel_is_paid_the_cap()
    {
        var three = CollusionAnalysis.Analyse(Fleet.Take(3).ToArray(), Config, maxPriceUsd: 0.1);

        Assert.Equal(0.1, three.Single(o => o.Attack == "3-prover cartel, bid rotation").CollusivePriceUsd, 9);
    }

    [Fact]
    public void A_kickback_takes_the_cap_where_the_requester_sets_the_price_and_nothing_where_bids_do()
    {
        var all = CollusionAnalysis.Analyse(Fleet, Config, maxPriceUsd: 0.1, raceRewardUsd: 0.05);
        CollusionOutcome Kick(MechanismKind m) => all.Single(o => o.Mechanism == m && o.Attack.StartsWith("kickback", StringComparison.Ordinal));

        // Race reward and Dutch minPrice are the agent's: the partner is paid the cap.
        Assert.Equal(0.1, Kick(MechanismKind.Race).CollusivePriceUsd, 9);
        Assert.Equal(0.05, Kick(MechanismKind.Race).RequesterLossUsd, 9);
        Assert.Equal(0.1, Kick(MechanismKind.Dutch).CollusivePriceUsd, 9);
        // Second price and resting asks are the competitors': at best the partner's honest pay.
        var sealedBid = Kick(MechanismKind.SealedBid);
        Assert.Equal(sealedBid.CompetitivePriceUsd, sealedBid.CollusivePriceUsd, 8);
        var book = Kick(MechanismKind.Orderbook);
        Assert.Equal(book.CompetitivePriceUsd, book.CollusivePriceUsd, 9);
        // Without a race reward the race row is left out.
        Assert.DoesNotContain(CollusionAnalysis.Analyse(Fleet, Config, 0.1), o => o.Mechanism == MechanismKind.Race);
    }

    [Fact]
    public void Slash_farming_and_hiding_a_bid_lose_under_the_contracts_caps_and_bond()
    {
        var all = CollusionAnalysis.Analyse(Fleet, Config, maxPriceUsd: 0.1);
        var farming = all.Where(o => o.Attack.StartsWith("slash farming", StringComparison.Ordinal)).ToArray();

        Assert.Equal(3, farming.Length);
        Assert.All(farming, o =>
        {
            // $1 collateral, price about 0.02-0.03: compensation and bounty are capped at the price,
            // the keeper at 0.02, so the pair gets back at most 2 x price + 0.02 and loses the rest.
            Assert.Equal(0, o.RequesterLossUsd);
            Assert.Equal(1.0 - (2 * o.CompetitivePriceUsd) - 0.02, o.AttackerCostUsd, 8);
            Assert.True(o.AttackerNetUsd < -0.9);
        });
        var hidden = all.Single(o => o.Attack == "Sybil commits twice, hides its real bid");
        // Hiding the real bid still leaves the second price what it was; the bond (100 % of maxPrice) is lost.
        Assert.True(hidden.CollusivePriceUsd <= hidden.CompetitivePriceUsd + 1e-9);
        Assert.True(hidden.AttackerCostUsd >= 0.1);
        Assert.True(hidden.AttackerNetUsd < 0);
    }
}
