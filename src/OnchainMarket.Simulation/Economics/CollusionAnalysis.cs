using OnchainMarket.Simulation.Config;
using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Economics;

/// <summary>
/// One attack on one mechanism for one fleet: the one-shot clearing price without and with it, and
/// what the attackers net. <see cref="AttackerCostUsd"/> is what the attack itself costs them: gas,
/// a forfeited bid bond, slashed collateral less what of it comes back to them.
/// </summary>
public readonly record struct CollusionOutcome(string Attack, MechanismKind Mechanism, double CompetitivePriceUsd, double CollusivePriceUsd, double AttackerCostUsd)
{
    /// <summary>What the requester (for a kickback: the requester's principal) pays extra per request: the surplus it loses.</summary>
    public double RequesterLossUsd => CollusivePriceUsd - CompetitivePriceUsd;

    /// <summary>The attackers' gain per request after what the attack itself costs.</summary>
    public double AttackerNetUsd => RequesterLossUsd - AttackerCostUsd;
}

/// <summary>
/// Collusion and Sybils, one shot: every prover of the fleet online and free, each bidding or asking
/// its floor (mean cost + the gas it pays when it wins + margin), cleared with the contracts' rules
/// (the C# copies). A cartel is the c cheapest provers; its leader is the cheapest. Not the dynamic
/// model: nobody adapts, nobody leaves, and a cartel is assumed stable.
/// Kickbacks: the requester's agent (who spends its principal's budget, capped at maxPrice) is paid
/// by one prover, its partner, and sets the request's parameters for it; slash farming: the pair
/// has the partner take a job, drop it, slash it themselves and keep what the split pays back.
/// Bonds and splits are the contracts' (bidBondBps, <see cref="Slashing.Split"/>).
/// </summary>
public static class CollusionAnalysis
{
    /// <param name="raceRewardUsd">The reward an honest race pays (the rational race's learned maxPrice; NaN leaves the race out).</param>
    public static IReadOnlyList<CollusionOutcome> Analyse(IReadOnlyList<FleetMember> fleet, SimulationConfig config, double maxPriceUsd, double raceRewardUsd = double.NaN)
    {
        var g = config.Gas;
        var outcomes = new List<CollusionOutcome>();
        double Floor(FleetMember m, long gas) => (m.MeanProofCostUsd + g.Usd(gas)) * (1 + config.MinMargin);
        var sealedFloors = fleet.Select(m => Floor(m, g.Fulfill)).Order().ToArray();
        var dutchFloors = fleet.Select(m => Floor(m, g.DutchLock + g.Fulfill)).Order().ToArray();
        var bookFloors = fleet.Select(m => Floor(m, g.Fulfill)).Order().ToArray();
        var bidGas = g.Usd(g.CommitBid + g.RevealBid);

        var competitiveSealed = SealedPrice(sealedFloors, maxPriceUsd);
        var competitiveDutch = DutchPrice(dutchFloors, 1, maxPriceUsd, config);
        var competitiveBook = BookPrice(bookFloors, 1, maxPriceUsd);
        foreach (var c in new[] { 2, 3 }.Where(c => c <= fleet.Count))
        {
            // Sealed-bid: the members other than the leader send no real bid; one of them sends a
            // shill just under the cheapest outsider (maxPrice when there is none), which sets the
            // second price. Revealed and losing, the shill's bond comes back: it costs only gas.
            var outsiders = sealedFloors.Skip(c).ToArray();
            var shill = outsiders.Length == 0 ? maxPriceUsd : outsiders[0] - (1 / MarketSimulator.UnitsPerUsd);
            var shillPrice = SealedPrice([sealedFloors[0], shill, .. outsiders], maxPriceUsd);
            outcomes.Add(new($"{c}-prover cartel, shill second bid", MechanismKind.SealedBid, competitiveSealed, shillPrice, bidGas));
            // Bid rotation: the members take turns as the leader and the others stay out; the price
            // is the cheapest outsider's (or maxPrice), with no shill gas.
            outcomes.Add(new($"{c}-prover cartel, bid rotation", MechanismKind.SealedBid, competitiveSealed, SealedPrice([sealedFloors[0], .. outsiders], maxPriceUsd), 0));
            // Dutch: the cartel waits out the ramp until the block before the cheapest outsider would lock.
            outcomes.Add(new($"{c}-prover cartel, waiting out the ramp", MechanismKind.Dutch, competitiveDutch, DutchPrice(dutchFloors, c, maxPriceUsd, config), 0));
            // Orderbook: the leader asks just under the cheapest outsider's ask.
            outcomes.Add(new($"{c}-prover cartel, ask under the cheapest outsider", MechanismKind.Orderbook, competitiveBook, BookPrice(bookFloors, c, maxPriceUsd), 0));
        }
        // A Sybil: the cheapest prover adds an identity that bids just under the next honest bid. In a
        // second-price auction that can only lower its own pay; hiding its real bid (selective
        // non-reveal) lets the Sybil win at the honest price it would have been paid anyway, and
        // forfeits the hidden commit's bond. The clearing rule decides; the gain is computed, not assumed.
        var sybil = sealedFloors.Length >= 2 ? sealedFloors[1] - (1 / MarketSimulator.UnitsPerUsd) : maxPriceUsd;
        outcomes.Add(new("Sybil identity bidding the second price", MechanismKind.SealedBid, competitiveSealed, SealedPrice([sealedFloors[0], sybil, .. sealedFloors.Skip(1)], maxPriceUsd), bidGas));
        // Selective non-reveal: the cheapest commits its floor and, through a Sybil, a bid just under the
        // next honest one; it hides the floor bid so that the Sybil's wins. The clearing rule still pays
        // the second-lowest revealed bid, and the hidden commit forfeits its bond.
        var bond = config.Faults.BidBondShare * maxPriceUsd;
        outcomes.Add(new("Sybil commits twice, hides its real bid", MechanismKind.SealedBid, competitiveSealed,
            SealedPrice([sybil, .. sealedFloors.Skip(1)], maxPriceUsd), (2 * bidGas) + bond));

        // Kickbacks. The partner is the cheapest prover (the only one an honest clearing would pick).
        if (double.IsFinite(raceRewardUsd))
        {
            // The race pays its reward, which the agent sets to the cap; leaked the request's input
            // early, the partner commits first.
            outcomes.Add(new("kickback: agent posts the cap, partner tipped off", MechanismKind.Race, raceRewardUsd, maxPriceUsd, 0));
        }
        // Sealed-bid: the agent picks maxPrice (and may bid itself); the price stays the second-lowest
        // valid bid, so the best it can do is a maxPrice that leaves the partner alone, paid maxPrice.
        var steered = sealedFloors.Skip(1).Select(f => f - (1 / MarketSimulator.UnitsPerUsd)).Append(maxPriceUsd)
            .Where(m => m >= sealedFloors[0]).Select(m => SealedPrice([sealedFloors[0], .. sealedFloors.Skip(1).Where(f => f <= m)], m)).Where(double.IsFinite).DefaultIfEmpty(competitiveSealed).Max();
        outcomes.Add(new("kickback: agent picks maxPrice to leave the partner alone", MechanismKind.SealedBid, competitiveSealed, steered, 0));
        // Dutch: minPrice is the requester's, so the agent starts the ramp at the cap and the partner,
        // tipped off, locks in the submission's block.
        var dutchMin = MarketSimulator.ToUnits(maxPriceUsd);
        outcomes.Add(new("kickback: agent starts the ramp at the cap", MechanismKind.Dutch, competitiveDutch,
            MarketSimulator.ToUsd(DutchAuction.PriceAt(dutchMin, dutchMin, 0, (ulong)Math.Round(config.Dutch.RampSeconds), 0)), 0));
        // Orderbook: a request that meets a resting ask pays the ask; one below every ask rests and
        // pays its own maxPrice. The agent's best is the partner's resting ask, what it is paid anyway.
        var ask = competitiveBook;
        var bookSteered = sealedFloors.Append(maxPriceUsd).Select(m => m >= ask ? ask : m).Max();
        outcomes.Add(new("kickback: agent picks maxPrice against the partner's ask", MechanismKind.Orderbook, competitiveBook, bookSteered, 0));

        // Slash farming: the partner takes the job at the competitive price, drops it, the pair slashes
        // (keeper reward) and, through another identity, rescues it (bounty). The split is the contract's.
        var faults = config.Faults;
        var bps = faults.SplitBps;
        foreach (var (mechanism, price) in new[] { (MechanismKind.SealedBid, competitiveSealed), (MechanismKind.Dutch, competitiveDutch), (MechanismKind.Orderbook, competitiveBook) })
        {
            var split = Slashing.Split(MarketSimulator.ToUnits(faults.CollateralUsd), bps.Requester, bps.Bounty, bps.Keeper, MarketSimulator.ToUnits(faults.KeeperCapUsd), MarketSimulator.ToUnits(price));
            var back = MarketSimulator.ToUsd(split.Compensation + split.Bounty + split.Keeper);
            outcomes.Add(new("slash farming: drop, self-slash, self-rescue", mechanism, price, price, faults.CollateralUsd - back));
        }
        return outcomes;
    }

    /// <summary>Second price with the contract's rule, bids in the order given (ties to the earlier).</summary>
    private static double SealedPrice(IReadOnlyList<double> bids, double maxPriceUsd)
    {
        var auction = new SealedBidAuction(MarketSimulator.ToUnits(maxPriceUsd));
        uint seq = 0;
        foreach (var b in bids.Where(b => b <= maxPriceUsd))
        {
            auction.Reveal((int)seq, MarketSimulator.ToUnits(b), ++seq);
        }
        return auction.Clear() is { } won ? MarketSimulator.ToUsd(won.Price) : double.NaN;
    }

    /// <summary>
    /// Dutch: the cheapest of the first <paramref name="waiting"/> provers locks in the last block
    /// before the next prover (sorted floors[waiting]) would; alone, when the ramp ends.
    /// </summary>
    private static double DutchPrice(IReadOnlyList<double> floors, int waiting, double maxPriceUsd, SimulationConfig config)
    {
        var min = MarketSimulator.ToUnits(config.Dutch.MinPriceUsd);
        var max = MarketSimulator.ToUnits(maxPriceUsd);
        var end = (ulong)Math.Round(config.Dutch.RampSeconds);
        var block = (ulong)Math.Round(config.BlockSeconds);
        if (waiting >= floors.Count)
        {
            return maxPriceUsd;
        }
        if (DutchAuction.TimeReaching(min, max, 0, end, MarketSimulator.ToUnits(floors[waiting])) is not { } rival)
        {
            return maxPriceUsd;
        }
        // The rival locks in the first block at or after `rival`; the leader one block earlier, never below its own floor.
        var rivalBlock = (rival + block - 1) / block * block;
        var leaderBlock = rivalBlock >= block ? rivalBlock - block : 0;
        var price = MarketSimulator.ToUsd(DutchAuction.PriceAt(min, max, 0, end, leaderBlock));
        return Math.Max(price, floors[0]);
    }

    /// <summary>Orderbook: the cheapest asks one unit under the next prover outside the first <paramref name="waiting"/>, or maxPrice.</summary>
    private static double BookPrice(IReadOnlyList<double> floors, int waiting, double maxPriceUsd) =>
        waiting >= floors.Count ? maxPriceUsd : Math.Max(floors[0], Math.Min(maxPriceUsd, floors[waiting] - (1 / MarketSimulator.UnitsPerUsd)));
}
