using OnchainMarket.Simulation.Config;
using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Economics;

/// <summary>
/// Runs every mechanism for every K of the sweep (and the headline Ks), each K on one shared
/// scenario so the mechanisms face the same fleet, requests and proof times.
/// </summary>
public sealed class SimulationSweep
{
    private readonly Dictionary<(int K, MechanismKind Mechanism), MechanismRun> _runs;

    private SimulationSweep(SimulationConfig config, Dictionary<(int, MechanismKind), MechanismRun> runs)
    {
        Config = config;
        _runs = runs;
    }

    public SimulationConfig Config { get; }

    /// <summary>Every K simulated, ascending.</summary>
    public IReadOnlyList<int> Ks => [.. _runs.Keys.Select(k => k.K).Distinct().Order()];

    public MechanismRun this[int k, MechanismKind mechanism] =>
        _runs.TryGetValue((k, mechanism), out var run) ? run : throw new KeyNotFoundException($"no simulated run for K={k}, {MechanismNames.Of(mechanism)}");

    public static SimulationSweep Run(SimulationConfig config, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var simulator = new MarketSimulator(config);
        var runs = new Dictionary<(int, MechanismKind), MechanismRun>();
        foreach (var k in config.KSweep.Concat(config.HeadlineK).Distinct().Order())
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Invoke($"simulating K={k}");
            var scenario = Scenario.Create(config, k);
            foreach (var mechanism in MechanismNames.ReportOrder)
            {
                runs[(k, mechanism)] = simulator.Run(mechanism, scenario);
            }
        }
        return new SimulationSweep(config, runs);
    }

    /// <summary>Race price over sealed-bid price at K (NaN if either is undefined).</summary>
    public double PriceRatio(int k) => this[k, MechanismKind.Race].MeanPriceUsd / this[k, MechanismKind.SealedBid].MeanPriceUsd;
}
