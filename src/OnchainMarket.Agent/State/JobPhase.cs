namespace OnchainMarket.Agent.State;

/// <summary>
/// Where a job stands. A "...Pending" phase is written BEFORE its transaction is sent, so a
/// restart finds every transaction that may be in flight and checks the chain for its effect.
/// </summary>
public enum JobPhase
{
    /// <summary>Salt and price chosen and saved; the commit transaction may or may not have been sent.</summary>
    CommitPending,

    /// <summary>The sealed bid is on chain; waiting for the reveal window.</summary>
    Committed,

    /// <summary>The reveal may be in flight.</summary>
    RevealPending,

    /// <summary>Revealed; waiting for the auction to be finalized.</summary>
    Revealed,

    /// <summary>A Dutch lock may be in flight.</summary>
    LockPending,

    /// <summary>Assigned to us: collateral locked, the proving window running.</summary>
    Assigned,

    /// <summary>A proof is in hand (saved with the job) and not yet delivered.</summary>
    Proved,

    /// <summary>Race/open fulfilment: the proof commitment may be in flight.</summary>
    ProofCommitPending,

    /// <summary>Race/open fulfilment: the proof commitment is on chain; reveal in a later block.</summary>
    ProofCommitted,

    /// <summary>The fulfilment may be in flight.</summary>
    FulfilPending,

    /// <summary>Paid. Terminal.</summary>
    Fulfilled,

    /// <summary>Someone else won or the request ended without us. Terminal.</summary>
    Lost,

    /// <summary>We missed the proving window and were slashed. Terminal.</summary>
    Slashed,

    /// <summary>Given up on, with a reason (a proof failed, a transaction kept reverting). Terminal.</summary>
    Failed,
}
