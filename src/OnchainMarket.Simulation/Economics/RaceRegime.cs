namespace OnchainMarket.Simulation.Economics;

/// <summary>How provers come to race a request, and so what a race costs the requester.</summary>
public enum RaceRegime
{
    /// <summary>
    /// Each prover races when its estimated chance of winning times the reward covers its cost; the
    /// reward is the requesters' learned maxPrice. Provers leave when they lose money.
    /// </summary>
    Rational,

    /// <summary>
    /// Every online prover races every request it is free for; the reward is what keeps them all in
    /// the long run: the racers' whole spend (hardware until the request closes, commitments, the
    /// reveal). Requester cost ≈ K·c.
    /// </summary>
    AllRace,

    /// <summary>
    /// A cost-minimising requester buys n* = ⌈ln f / ln(1 − a)⌉ racers (the cheapest such set that
    /// keeps up with the arrivals) and, with entry free, pays their spend (zero profit).
    /// </summary>
    FreeEntry,
}
