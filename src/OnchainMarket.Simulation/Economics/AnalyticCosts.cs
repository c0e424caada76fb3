using OnchainMarket.Simulation.Config;

namespace OnchainMarket.Simulation.Economics;

/// <summary>
/// Closed-form requester costs per request for a fleet, to set the simulated figures against: what
/// each regime would cost if every prover proved at its mean time and nobody queued.
/// </summary>
public static class AnalyticCosts
{
    /// <summary>
    /// All K race a fixed reward that keeps them in: K·c̄, every racer finishing its proof (the
    /// textbook bound), plus the submission, K commitments and one reveal.
    /// </summary>
    public static double AllRaceEveryoneFinishes(IReadOnlyList<FleetMember> fleet, GasSchedule gas) =>
        fleet.Sum(m => m.MeanProofCostUsd) + gas.Usd(gas.Submit + (fleet.Count * gas.RaceCommit) + gas.Fulfill);

    /// <summary>
    /// All K race, but losers stop when the fastest's proof closes the request: a·t_min·Σ rate
    /// (each online racer works as long as the fastest), plus one commitment and one reveal.
    /// </summary>
    public static double AllRaceLosersStop(IReadOnlyList<FleetMember> fleet, double availability, GasSchedule gas)
    {
        var tMin = fleet.Min(m => m.MeanProofSeconds);
        return (availability * tMin * fleet.Sum(m => m.UsdPerSecond)) + gas.Usd(gas.Submit + gas.RaceCommit + gas.Fulfill);
    }

    /// <summary>Free entry: the n* racers <see cref="MarketSimulator.FreeEntrySet"/> buys, paid their spend (losers stop at the first proof).</summary>
    public static double FreeEntry(IReadOnlyList<FleetMember> fleet, SimulationConfig config)
    {
        var set = MarketSimulator.FreeEntrySet(fleet, config.FreeEntryRacers, config.MeanInterarrivalSeconds);
        var t = fleet[set[0]].MeanProofSeconds;
        return (t * set.Sum(i => fleet[i].UsdPerSecond)) + config.Gas.Usd(config.Gas.Submit + config.Gas.RaceCommit + config.Gas.Fulfill);
    }

    /// <summary>
    /// Sealed-bid second price with truthful bids: the second-lowest (cost + fulfil gas)·(1 + margin),
    /// plus every bidder's commit and reveal (recovered through the bids in the long run), the
    /// submission and the finalize.
    /// </summary>
    public static double SealedBid(IReadOnlyList<FleetMember> fleet, SimulationConfig config)
    {
        var g = config.Gas;
        var floors = fleet.Select(m => (m.MeanProofCostUsd + g.Usd(g.Fulfill)) * (1 + config.MinMargin)).Order().ToArray();
        var second = floors.Length >= 2 ? floors[1] : floors[0];
        return second + g.Usd((fleet.Count * (g.CommitBid + g.RevealBid)) + g.Submit + g.Finalize);
    }
}
