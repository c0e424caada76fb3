namespace OnchainMarket.Simulation.Config;

/// <summary>The Dutch auction's ramp: from MinPriceUsd to the request's maxPrice over RampSeconds.</summary>
public sealed record DutchSettings
{
    public double RampSeconds { get; init; } = 300;

    public double MinPriceUsd { get; init; }
}
