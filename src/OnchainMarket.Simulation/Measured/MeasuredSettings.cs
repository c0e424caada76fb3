using System.Numerics;
using OnchainMarket.Simulation.Config;

namespace OnchainMarket.Simulation.Measured;

/// <summary>What the measured devnet run does: which K, how many requests per mechanism, the request terms.</summary>
public sealed record MeasuredSettings
{
    public IReadOnlyList<int> Ks { get; init; } = [3, 10];

    /// <summary>Requests per mechanism and K (the brief asks for at least 50).</summary>
    public int Requests { get; init; } = 50;

    /// <summary>The cap every request escrows; a race pays it in full.</summary>
    public BigInteger MaxPriceWei { get; init; } = BigInteger.Pow(10, 13);

    /// <summary>Collateral each assignment locks (stake token units).</summary>
    public BigInteger CollateralWei { get; init; } = BigInteger.Pow(10, 18);

    /// <summary>Margin provers ask over their expected proving cost, in basis points.</summary>
    public int MarginBps { get; init; } = 500;

    public long CommitWindowSeconds { get; init; } = 2;

    public long RevealWindowSeconds { get; init; } = 2;

    public long RampSeconds { get; init; } = 600;

    // Commit + reveal + ramp + two proving windows must stay under the market's lifetime cap (half the devnet's 3600 s withdrawal delay).
    public long ProvingWindowSeconds { get; init; } = 590;

    /// <summary>The hardware of the provers, cycled over prover 0..K-1.</summary>
    public IReadOnlyList<MeasuredProfile> Profiles { get; init; } = [];

    public int Seed { get; init; } = 7;

    /// <summary>The circuit every measured request proves (<see cref="BenchCircuit.Large"/> for the benchmark).</summary>
    public string Circuit { get; init; } = BenchCircuit.Large;

    /// <summary>Also run the live phase (<see cref="LiveSettings"/>): Poisson arrivals, requests open at once, wall-clock latency.</summary>
    public LiveSettings? Live { get; init; } = new();

    /// <summary>
    /// The profiles of the economic model turned into measured ones: the fastest profile proves at
    /// the real speed of this machine, the others are slowed by their speed ratio to it; their hourly
    /// prices become wei per (slowed) second at the model's ETH price.
    /// </summary>
    public static IReadOnlyList<MeasuredProfile> FromSimulation(SimulationConfig config)
    {
        var fastest = config.Profiles.Min(p => p.ProofSeconds);
        var ethUsd = config.Gas.EthUsd > 0 ? config.Gas.EthUsd : 3000;
        return [.. config.Profiles.Select(p => new MeasuredProfile(
            p.Name,
            p.ProofSeconds / fastest,
            new BigInteger(p.UsdPerSecond / ethUsd * 1e18)))];
    }

    public void Validate()
    {
        if (Ks.Count == 0 || Ks.Any(k => k < 1))
        {
            throw new ArgumentException("the measured run needs at least one K >= 1");
        }
        if (Requests < 1)
        {
            throw new ArgumentException($"requests per mechanism must be at least 1, got {Requests}");
        }
        if (Profiles.Count == 0)
        {
            throw new ArgumentException("the measured run needs at least one prover profile");
        }
        if (MaxPriceWei.Sign <= 0)
        {
            throw new ArgumentException("maxPrice must be positive");
        }
        Live?.Validate();
    }
}
