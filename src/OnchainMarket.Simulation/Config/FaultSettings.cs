namespace OnchainMarket.Simulation.Config;

/// <summary>
/// The liveness experiments: provers that drop a job after assignment (slashed after the proving
/// window, the request re-opened as a Dutch auction without them), an outage that takes a share of
/// the provers offline for a while, and what the collateral behind each assignment costs in capital.
/// The slash split follows protocol.md: compensation capped at the requester's loss, a bounded
/// rescue bounty and keeper reward, the rest burned.
/// </summary>
public sealed record FaultSettings
{
    /// <summary>Chances that an assigned prover (or a racer) drops its job, one experiment each.</summary>
    public IReadOnlyList<double> DropoutRates { get; init; } = [0.01, 0.05, 0.30];

    /// <summary>Share of the provers offline during the outage experiment.</summary>
    public double OutageShare { get; init; } = 0.3;

    public double OutageSeconds { get; init; } = 3600;

    /// <summary>requiredCollateral of every request, US dollars.</summary>
    public double CollateralUsd { get; init; } = 1.0;

    /// <summary>Time an assigned prover has to deliver before anyone may slash it.</summary>
    public double ProvingWindowSeconds { get; init; } = 600;

    /// <summary>A slashed operator takes no new assignment for this long (the contract's cooldown).</summary>
    public double CooldownSeconds { get; init; } = 3600;

    /// <summary>Most of the slashed collateral that may compensate the requester (capped at its loss).</summary>
    public double CompensationShare { get; init; } = 0.5;

    /// <summary>Share of the slashed collateral added to the request as a rescue bounty, at most <see cref="BountyCapUsd"/>.</summary>
    public double BountyShare { get; init; } = 0.3;

    public double BountyCapUsd { get; init; } = 0.25;

    /// <summary>Share paid to the keeper that slashes, at most <see cref="KeeperCapUsd"/>.</summary>
    public double KeeperShare { get; init; } = 0.05;

    public double KeeperCapUsd { get; init; } = 0.02;

    /// <summary>Yearly cost of capital for the stake behind the collateral, low and high.</summary>
    public IReadOnlyList<double> CapitalRates { get; init; } = [0.05, 0.10];
}
