namespace OnchainMarket.Simulation.Config;

/// <summary>Commit and reveal windows of the sealed-bid auction.</summary>
public sealed record SealedBidSettings
{
    public double CommitSeconds { get; init; } = 12;

    public double RevealSeconds { get; init; } = 12;
}
