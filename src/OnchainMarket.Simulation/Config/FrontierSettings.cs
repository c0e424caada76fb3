namespace OnchainMarket.Simulation.Config;

/// <summary>
/// The price–latency frontier: the windows and ramps swept at one K, and the latencies at which the
/// mechanisms' cheapest settings are compared.
/// </summary>
public sealed record FrontierSettings
{
    /// <summary>The market size the frontier is swept at.</summary>
    public int K { get; init; } = 10;

    /// <summary>Dutch ramps (minPrice → maxPrice), seconds.</summary>
    public IReadOnlyList<double> DutchRampSeconds { get; init; } = [30, 60, 120, 300, 600, 1200];

    /// <summary>Sealed-bid windows, seconds: commit and reveal each this long.</summary>
    public IReadOnlyList<double> SealedBidWindowSeconds { get; init; } = [2, 4, 8, 12, 30, 60];

    /// <summary>Proving windows swept under <see cref="Dropout"/> (the window sets how long a dropped job waits to be slashed and re-opened).</summary>
    public IReadOnlyList<double> ProvingWindowSeconds { get; init; } = [120, 300, 600, 1200];

    /// <summary>The dropout rate the proving windows are swept under.</summary>
    public double Dropout { get; init; } = 0.05;

    /// <summary>Latency targets (seconds) the p50 comparison is read at.</summary>
    public IReadOnlyList<double> P50Targets { get; init; } = [15, 30, 60, 120, 300];

    /// <summary>Latency targets (seconds) the p95 comparison is read at.</summary>
    public IReadOnlyList<double> P95Targets { get; init; } = [30, 60, 120, 300, 600];
}
