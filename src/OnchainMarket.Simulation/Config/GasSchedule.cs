namespace OnchainMarket.Simulation.Config;

/// <summary>
/// Gas of each on-chain transaction (receipt gas: execution + 21,000 + calldata) and what a unit of
/// gas costs. The shipped values are fitted to the receipts of the measured devnet run
/// (reports/mechanisms/measured.json): per request, Dutch = submit + lock + fulfil = 588.8k,
/// orderbook = matching submit + fulfil = 560.8k, sealed-bid = submit + finalize + fulfil (617.3k)
/// + 135.1k per bidder; submit is forge's 112.5k plus the transaction base and calldata.
/// <c>MechanismGasFitTests</c> checks the schedule against those receipts.
/// </summary>
public sealed record GasSchedule
{
    public double PriceGwei { get; init; } = 0.002;

    public double EthUsd { get; init; } = 3000;

    /// <summary>A request's submission (requester).</summary>
    public long Submit { get; init; } = 140_000;

    /// <summary>A request submitted into the orderbook that matches a resting ask and locks its collateral (requester).</summary>
    public long OrderbookSubmit { get; init; } = 224_190;

    public long CommitBid { get; init; } = 64_100;

    public long RevealBid { get; init; } = 75_630;

    /// <summary>Finalizing a sealed-bid auction, collateral lock included; the requester sends it (as in the measured run).</summary>
    public long Finalize { get; init; } = 144_620;

    public long DutchLock { get; init; } = 106_200;

    public long PostAsk { get; init; } = 90_000;

    /// <summary>Fulfilment incl. Groth16 verification and payment (the race's reveal costs the same).</summary>
    public long Fulfill { get; init; } = 342_600;

    public long RaceCommit { get; init; } = 47_500;

    /// <summary>US dollars for <paramref name="gas"/> units.</summary>
    public double Usd(long gas) => gas * PriceGwei * 1e-9 * EthUsd;
}
