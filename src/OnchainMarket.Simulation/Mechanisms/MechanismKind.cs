namespace OnchainMarket.Simulation.Mechanisms;

/// <summary>
/// The four ways a request finds its prover. The numeric values are those of the contracts'
/// <c>Mechanism</c> enum (contracts/src/types/Mechanism.sol), so they can be passed to the chain as is.
/// </summary>
public enum MechanismKind : byte
{
    /// <summary>Sealed-bid second-price reverse auction with commit-reveal.</summary>
    SealedBid = 0,

    /// <summary>Reverse Dutch auction: the offered price rises until a prover locks.</summary>
    Dutch = 1,

    /// <summary>Matched against standing asks, price-time priority, at the resting order's price.</summary>
    Orderbook = 2,

    /// <summary>No assignment: every prover may prove, the earliest valid proof commitment is paid.</summary>
    Race = 3,
}
