namespace OnchainMarket.Simulation.Config;

/// <summary>A kind of prover hardware: how long it takes for the reference proof and what an hour of it costs.</summary>
public sealed record HardwareProfile
{
    public required string Name { get; init; }

    /// <summary>Seconds to prove the reference job.</summary>
    public required double ProofSeconds { get; init; }

    /// <summary>Rental price of the machine per hour, US dollars.</summary>
    public required double UsdPerHour { get; init; }

    public double UsdPerSecond => UsdPerHour / 3600.0;

    public double UsdPerProof => ProofSeconds * UsdPerSecond;
}
