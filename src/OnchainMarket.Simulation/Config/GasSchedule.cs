namespace OnchainMarket.Simulation.Config;

/// <summary>Gas of each on-chain action (near the protocol's targets) and what a unit of gas costs.</summary>
public sealed record GasSchedule
{
    public double PriceGwei { get; init; } = 0.002;

    public double EthUsd { get; init; } = 3000;

    public long Submit { get; init; } = 110_000;

    public long CommitBid { get; init; } = 55_000;

    public long RevealBid { get; init; } = 70_000;

    public long Finalize { get; init; } = 115_000;

    public long DutchLock { get; init; } = 105_000;

    public long PostAsk { get; init; } = 90_000;

    public long Fulfill { get; init; } = 290_000;

    public long RaceCommit { get; init; } = 50_000;

    /// <summary>US dollars for <paramref name="gas"/> units.</summary>
    public double Usd(long gas) => gas * PriceGwei * 1e-9 * EthUsd;
}
