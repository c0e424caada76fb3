namespace OnchainMarket.Simulation.Config;

/// <summary>
/// The liveness experiments: provers that drop a job after assignment (slashed after the proving
/// window, the request re-opened as a Dutch auction without them), an outage that takes a share of
/// the provers offline for a while, and what the collateral behind each assignment costs in capital.
/// The slash split and the re-open follow the contracts (Slashing.split, MarketParamsLib.defaults):
/// compensation and rescue bounty each a share capped at the assigned price, the keeper a share
/// capped at keeperRewardCap, the rest burned; at most <see cref="MaxReopens"/> re-opens, each a
/// Dutch ramp from the failed price to maxPrice over <see cref="ReopenRampSeconds"/>.
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

    /// <summary>Share of the slashed collateral that compensates the requester, capped at the assigned price (slashRequesterBps).</summary>
    public double CompensationShare { get; init; } = 0.5;

    /// <summary>Share of the slashed collateral added to the request as a rescue bounty, capped at the assigned price (slashBountyBps).</summary>
    public double BountyShare { get; init; } = 0.3;

    /// <summary>Share paid to the keeper that slashes, at most <see cref="KeeperCapUsd"/> (slashKeeperBps).</summary>
    public double KeeperShare { get; init; } = 0.05;

    /// <summary>keeperRewardCap in dollars (the contract's default is 0.01 stake token).</summary>
    public double KeeperCapUsd { get; init; } = 0.02;

    /// <summary>How many times a request may re-open after a failed auction or a slash (maxReopens).</summary>
    public int MaxReopens { get; init; } = 2;

    /// <summary>Length of a re-opened request's Dutch ramp (reopenRamp).</summary>
    public double ReopenRampSeconds { get; init; } = 600;

    /// <summary>A sealed bid's bond as a share of the request's maxPrice (bidBondBps / 10 000, at least 1); a commit never revealed forfeits it.</summary>
    public double BidBondShare { get; init; } = 1.0;

    /// <summary>The shares in the contract's basis points.</summary>
    public (uint Requester, uint Bounty, uint Keeper) SplitBps =>
        ((uint)Math.Round(CompensationShare * 10_000), (uint)Math.Round(BountyShare * 10_000), (uint)Math.Round(KeeperShare * 10_000));

    /// <summary>Yearly cost of capital for the stake behind the collateral, low and high.</summary>
    public IReadOnlyList<double> CapitalRates { get; init; } = [0.05, 0.10];
}
