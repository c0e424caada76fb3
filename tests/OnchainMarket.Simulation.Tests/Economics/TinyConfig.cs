using OnchainMarket.Simulation.Config;

namespace OnchainMarket.Simulation.Tests.Economics;

/// <summary>A small model run: three provers of different hardware, a few hundred requests.</summary>
internal static class TinyConfig
{
    public static SimulationConfig Create(int requests = 400) => new()
    {
        Seed = 11,
        Requests = requests,
        WarmupRequests = requests / 4,
        MeanInterarrivalSeconds = 40,
        ExitWindow = 50,
        ReviewEvery = 25,
        KSweep = [3],
        HeadlineK = [3],
        Profiles =
        [
            new HardwareProfile { Name = "fast", ProofSeconds = 10, UsdPerHour = 3 },
            new HardwareProfile { Name = "cheap", ProofSeconds = 30, UsdPerHour = 0.3 },
            new HardwareProfile { Name = "slow", ProofSeconds = 200, UsdPerHour = 1 },
        ],
    };
}
