namespace OnchainMarket.Agent.Pricing;

/// <summary>
/// Gas a prover spends to win and settle one request under each mechanism. The defaults are the
/// protocol's gas targets, so an operator's quote covers its transactions even at those ceilings.
/// </summary>
public sealed record GasSchedule
{
    public long CommitBid { get; init; } = 60_000;

    public long RevealBid { get; init; } = 75_000;

    /// <summary>Finalizing a sealed-bid auction; whoever calls it pays, and the winner may have to.</summary>
    public long Finalize { get; init; } = 120_000;

    public long DutchLock { get; init; } = 110_000;

    /// <summary>Posting an ask, shared by the requests it matches; charged in full to be safe.</summary>
    public long PlaceAsk { get; init; } = 120_000;

    public long Fulfil { get; init; } = 300_000;

    /// <summary>Open fulfilment's first step (commit to the proof) before revealing it.</summary>
    public long ProofCommit { get; init; } = 60_000;

    /// <summary>Total gas to win and settle one request under <paramref name="mechanism"/>.</summary>
    public long For(MarketMechanism mechanism) => mechanism switch
    {
        MarketMechanism.SealedBid => CommitBid + RevealBid + Finalize + Fulfil,
        MarketMechanism.Dutch => DutchLock + Fulfil,
        MarketMechanism.Orderbook => PlaceAsk + Fulfil,
        MarketMechanism.Race => ProofCommit + Fulfil,
        _ => throw new ArgumentOutOfRangeException(nameof(mechanism), mechanism, "unknown mechanism"),
    };

    public static GasSchedule Default { get; } = new();
}
