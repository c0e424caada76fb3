namespace OnchainMarket.Agent.Strategy;

/// <summary>What the prover does about an open request.</summary>
public enum BidAction
{
    /// <summary>Not worth it, not feasible, or not ours to take.</summary>
    Skip,

    /// <summary>Commit a sealed bid at the decision's price.</summary>
    CommitBid,

    /// <summary>Lock the Dutch auction now.</summary>
    Lock,

    /// <summary>Come back at the decision's time (the Dutch price has not reached our reservation yet).</summary>
    WaitUntil,

    /// <summary>Prove it without an assignment and race for it.</summary>
    Race,

    /// <summary>Nothing to do now: a standing ask will match it, or the chain matches it.</summary>
    RestOnAsk,
}
