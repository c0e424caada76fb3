using System.Numerics;
using OnchainMarket.Agent.Pricing;

namespace OnchainMarket.Agent.Strategy;

/// <summary>What the prover knows about an open request when deciding what to do with it (all times unix seconds).</summary>
public sealed record OpenRequest
{
    public required BigInteger Id { get; init; }

    public required MarketMechanism Mechanism { get; init; }

    public required ulong Constraints { get; init; }

    public required BigInteger MaxPrice { get; init; }

    public BigInteger MinPrice { get; init; }

    public BigInteger RequiredCollateral { get; init; }

    /// <summary>Sealed bid: end of the commit window. Dutch: start of the ramp.</summary>
    public long TimeA { get; init; }

    /// <summary>Sealed bid: end of the reveal window. Dutch: end of the ramp.</summary>
    public long TimeB { get; init; }

    public required long ProvingWindowSeconds { get; init; }

    public required long Deadline { get; init; }

    /// <summary>Rescue bounty paid on top of the price (after a slash), in the stake token.</summary>
    public BigInteger Bounty { get; init; }
}
