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

    /// <summary>
    /// Gas of the fulfilment itself: verification plus the requester's callback, which the market
    /// starts only with its cap plus 1/63 (EIP-150) plus 5,000 left, so all of it may be spent.
    /// </summary>
    public long FulfilWith(long callbackGasLimit) =>
        Fulfil + (callbackGasLimit <= 0 ? 0 : callbackGasLimit + callbackGasLimit / 63 + 5_000);

    /// <summary>
    /// Gas limit of the fulfilment transaction: half again the priced gas, enough for the first
    /// payment of an operator in a token (a storage slot is created), and no more whatever a
    /// gas estimate says: a callback that burns gas cannot make a job cost more than was priced.
    /// </summary>
    public long FulfilGasLimit(long callbackGasLimit) => FulfilWith(callbackGasLimit) * 3 / 2;

    /// <summary>Total gas to win and settle one request under <paramref name="mechanism"/>, its callback included.</summary>
    public long For(MarketMechanism mechanism, long callbackGasLimit = 0) => mechanism switch
    {
        MarketMechanism.SealedBid => CommitBid + RevealBid + Finalize + FulfilWith(callbackGasLimit),
        MarketMechanism.Dutch => DutchLock + FulfilWith(callbackGasLimit),
        MarketMechanism.Orderbook => PlaceAsk + FulfilWith(callbackGasLimit),
        MarketMechanism.Race => ProofCommit + FulfilWith(callbackGasLimit),
        _ => throw new ArgumentOutOfRangeException(nameof(mechanism), mechanism, "unknown mechanism"),
    };

    public static GasSchedule Default { get; } = new();
}
