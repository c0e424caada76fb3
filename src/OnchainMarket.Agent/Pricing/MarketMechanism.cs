namespace OnchainMarket.Agent.Pricing;

/// <summary>How a request finds its prover; the numeric values are the contract's <c>Mechanism</c> enum.</summary>
public enum MarketMechanism : byte
{
    /// <summary>Sealed-bid second-price reverse auction (commit, reveal, finalize).</summary>
    SealedBid = 0,

    /// <summary>Reverse Dutch auction: the price rises until someone locks.</summary>
    Dutch = 1,

    /// <summary>Matched against standing asks.</summary>
    Orderbook = 2,

    /// <summary>No assignment: the first valid proof is paid.</summary>
    Race = 3,
}
