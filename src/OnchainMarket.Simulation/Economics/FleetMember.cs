namespace OnchainMarket.Simulation.Economics;

/// <summary>One machine of a simulated fleet: its profile's name, its own mean proof time and price per second.</summary>
public sealed record FleetMember(string Profile, double MeanProofSeconds, double UsdPerSecond)
{
    public double MeanProofCostUsd => MeanProofSeconds * UsdPerSecond;
}
