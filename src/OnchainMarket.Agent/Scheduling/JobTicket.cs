using System.Numerics;

namespace OnchainMarket.Agent.Scheduling;

/// <summary>
/// A unit of work the prover has promised or may have to do (a pending bid counts as if it will
/// win, so the prover never overcommits). Times are unix seconds.
/// </summary>
public sealed record JobTicket
{
    public required BigInteger RequestId { get; init; }

    /// <summary>Estimated proving time on this machine.</summary>
    public required TimeSpan ProvingTime { get; init; }

    /// <summary>Earliest time proving can start (assignment, or now when racing).</summary>
    public required long ReleaseAt { get; init; }

    /// <summary>Time by which the proof must be on chain (end of the proving window, or the deadline).</summary>
    public required long DueBy { get; init; }

    /// <summary>When proving started, if it has.</summary>
    public long? StartedAt { get; init; }

    /// <summary>
    /// The proof exists and only its settlement is owed (held for a batch, or being sent): the job
    /// still holds a capacity slot, an open obligation, but no prover's time.
    /// </summary>
    public bool Proved { get; init; }
}
