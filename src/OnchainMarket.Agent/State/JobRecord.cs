using System.Numerics;
using OnchainMarket.Agent.Pricing;

namespace OnchainMarket.Agent.State;

/// <summary>
/// Everything the prover must remember about one request to keep its promises across a
/// restart: the commitment's salt and price, the schedule, the proof once made, the transaction
/// last sent. Immutable; each change is a new record saved by <see cref="JobStore"/>.
/// </summary>
public sealed record JobRecord
{
    public required BigInteger RequestId { get; init; }

    public required MarketMechanism Mechanism { get; init; }

    public required JobPhase Phase { get; init; }

    /// <summary>Circuit id (0x-hex bytes32).</summary>
    public required string CircuitId { get; init; }

    public ulong Constraints { get; init; }

    /// <summary>Assignment round the job belongs to (a re-opened request is a new round).</summary>
    public int Round { get; init; }

    /// <summary>Our price: the sealed bid, the Dutch lock price, the ask price.</summary>
    public BigInteger Price { get; init; }

    /// <summary>The sealed bid's salt (0x-hex, 32 bytes); the reveal is impossible without it.</summary>
    public string? Salt { get; init; }

    /// <summary>Bid bond sent with the commit.</summary>
    public BigInteger Bond { get; init; }

    public long CommitDeadline { get; init; }

    public long RevealDeadline { get; init; }

    public long ProvingWindowSeconds { get; init; }

    /// <summary>End of our proving window once assigned.</summary>
    public long ProveBy { get; init; }

    /// <summary>
    /// Nonzero while an orderbook match made by our ask is not yet accepted: until then the match
    /// may be released unslashed, and it is, if its pre-flight fails (H1).
    /// </summary>
    public long AcceptBy { get; init; }

    public long Deadline { get; init; }

    /// <summary>Public inputs (decimal strings), as the request carries them.</summary>
    public IReadOnlyList<string> PublicInputs { get; init; } = [];

    /// <summary>The proof in the on-chain layout (8 decimal strings) once made.</summary>
    public IReadOnlyList<string>? Proof { get; init; }

    /// <summary>Hash of the last transaction sent for this job (0x-hex).</summary>
    public string? LastTransaction { get; init; }

    /// <summary>Amount received on fulfilment (price plus any bounty), once paid.</summary>
    public BigInteger Earned { get; init; }

    /// <summary>Why the job failed or was lost.</summary>
    public string? Note { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public bool IsTerminal => Phase is JobPhase.Fulfilled or JobPhase.Lost or JobPhase.Slashed or JobPhase.Failed;
}
