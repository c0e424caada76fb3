using OnchainMarket.Simulation.Config;
using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Economics;

/// <summary>
/// Runs every mechanism for every K of the sweep (and the headline Ks), each K on one shared
/// scenario so the mechanisms face the same fleet, requests and proof times.
/// </summary>
public sealed class SimulationSweep
{
    private readonly Dictionary<(int K, MechanismKind Mechanism), MechanismRun[]> _runs;

    private SimulationSweep(SimulationConfig config, Dictionary<(int, MechanismKind), MechanismRun[]> runs)
    {
        Config = config;
        _runs = runs;
    }

    /// <summary>How many independently drawn scenarios each (K, mechanism) was run on.</summary>
    public int Seeds => _runs.Values.First().Length;

    public SimulationConfig Config { get; }

    /// <summary>Every K simulated, ascending.</summary>
    public IReadOnlyList<int> Ks => [.. _runs.Keys.Select(k => k.K).Distinct().Order()];

    /// <summary>The run on the first scenario (for per-request detail such as latency distributions).</summary>
    public MechanismRun this[int k, MechanismKind mechanism] => All(k, mechanism)[0];

    /// <summary>The runs on every scenario drawn for K.</summary>
    public IReadOnlyList<MechanismRun> All(int k, MechanismKind mechanism) =>
        _runs.TryGetValue((k, mechanism), out var runs) ? runs : throw new KeyNotFoundException($"no simulated run for K={k}, {MechanismNames.Of(mechanism)}");

    /// <summary>A figure averaged over the scenarios (NaN ones skipped).</summary>
    public double Mean(int k, MechanismKind mechanism, Func<MechanismRun, double> figure)
    {
        var values = All(k, mechanism).Select(figure).Where(double.IsFinite).ToArray();
        return values.Length == 0 ? double.NaN : values.Average();
    }

    public static SimulationSweep Run(SimulationConfig config, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var simulator = new MarketSimulator(config);
        var runs = new Dictionary<(int, MechanismKind), MechanismRun[]>();
        foreach (var k in config.KSweep.Concat(config.HeadlineK).Distinct().Order())
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Invoke($"simulating K={k} ({config.Seeds} scenarios)");
            foreach (var mechanism in MechanismNames.ReportOrder)
            {
                runs[(k, mechanism)] = new MechanismRun[config.Seeds];
            }
            for (var seed = 0; seed < config.Seeds; seed++)
            {
                var scenario = Scenario.Create(config with { Seed = config.Seed + seed }, k);
                foreach (var mechanism in MechanismNames.ReportOrder)
                {
                    runs[(k, mechanism)][seed] = simulator.Run(mechanism, scenario);
                }
            }
        }
        return new SimulationSweep(config, runs);
    }

    /// <summary>Mean race price over mean sealed-bid price at K, over all scenarios (NaN if either is undefined).</summary>
    public double PriceRatio(int k) => Mean(k, MechanismKind.Race, r => r.MeanPriceUsd) / Mean(k, MechanismKind.SealedBid, r => r.MeanPriceUsd);
}
