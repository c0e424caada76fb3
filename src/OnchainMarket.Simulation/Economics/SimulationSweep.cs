using OnchainMarket.Simulation.Config;
using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Economics;

/// <summary>
/// Runs every arm (the four mechanisms, the race in its three regimes) for every K of the sweep on
/// <see cref="SimulationConfig.Seeds"/> scenarios; each scenario is shared by all arms and its fleet
/// nests as K grows. The headline Ks are repeated at each of <see cref="SimulationConfig.GasPricesGwei"/>
/// for the cost decomposition, and the price–latency frontier (<see cref="LatencyFrontier"/>) is swept
/// on the same scenarios.
/// </summary>
public sealed class SimulationSweep
{
    private readonly Dictionary<(double Gwei, int K, Arm Arm, FaultCase Fault), MechanismRun[]> _runs;

    private SimulationSweep(SimulationConfig config, Dictionary<(double, int, Arm, FaultCase), MechanismRun[]> runs, LatencyFrontier frontier)
    {
        Config = config;
        _runs = runs;
        Frontier = frontier;
    }

    /// <summary>Prices against latency as the windows and ramps are swept.</summary>
    public LatencyFrontier Frontier { get; }

    public SimulationConfig Config { get; }

    /// <summary>How many independently drawn scenarios each (K, arm) was run on.</summary>
    public int Seeds => Config.Seeds;

    /// <summary>The gas price of the sweep itself.</summary>
    public double BaseGwei => Config.Gas.PriceGwei;

    /// <summary>Every K simulated at the base gas price, ascending.</summary>
    public IReadOnlyList<int> Ks => [.. _runs.Keys.Where(k => k.Gwei == BaseGwei && k.Fault.IsNone).Select(k => k.K).Distinct().Order()];

    /// <summary>The fault cases run (at the headline Ks, base gas price), none included first.</summary>
    public IReadOnlyList<FaultCase> Faults => [.. _runs.Keys.Select(k => k.Fault).Distinct().OrderBy(f => f.Outage).ThenBy(f => f.Dropout)];

    /// <summary>Gas prices the headline Ks were run at, ascending (the base price included).</summary>
    public IReadOnlyList<double> GasPrices => [.. _runs.Keys.Select(k => k.Gwei).Distinct().Order()];

    /// <summary>The run of a mechanism (a race: rational) on the first scenario, for per-request detail.</summary>
    public MechanismRun this[int k, MechanismKind mechanism] => All(k, new Arm(mechanism))[0];

    public IReadOnlyList<MechanismRun> All(int k, MechanismKind mechanism) => All(k, new Arm(mechanism));

    /// <summary>The runs on every scenario drawn for K, at the base gas price or at <paramref name="gwei"/>.</summary>
    public IReadOnlyList<MechanismRun> All(int k, Arm arm, double? gwei = null, FaultCase? fault = null) =>
        _runs.TryGetValue((gwei ?? BaseGwei, k, arm, fault ?? FaultCase.None), out var runs) ? runs
            : throw new KeyNotFoundException($"no simulated run for K={k}, {arm.Name} at {gwei ?? BaseGwei} gwei, {(fault ?? FaultCase.None).Name}");

    /// <summary>A figure averaged over the scenarios (NaN ones skipped).</summary>
    public double Mean(int k, MechanismKind mechanism, Func<MechanismRun, double> figure) => Stat(k, new Arm(mechanism), figure).Mean;

    /// <summary>A figure's mean over the scenarios with its 95 % interval.</summary>
    public Interval Stat(int k, Arm arm, Func<MechanismRun, double> figure, double? gwei = null, FaultCase? fault = null) => Interval.Of(All(k, arm, gwei, fault).Select(figure));

    /// <summary>
    /// A ratio of two arms' figures on the same scenarios: the geometric mean of the per-scenario
    /// ratios with its 95 % interval.
    /// </summary>
    public Interval Ratio(int k, Arm over, Arm under, Func<MechanismRun, double> figure, double? gwei = null)
    {
        var a = All(k, over, gwei);
        var b = All(k, under, gwei);
        return Interval.Geometric(a.Zip(b, (x, y) => figure(x) / figure(y)));
    }

    /// <summary>Rational race price over sealed-bid price at K.</summary>
    public Interval PriceRatio(int k) => Ratio(k, Arm.RaceRational, Arm.SealedBid, r => r.MeanPriceUsd);

    /// <summary>Requester outlay (price + own gas) of a race regime over that of an allocating mechanism at K.</summary>
    public Interval CostRatio(int k, Arm race, Arm allocating) => Ratio(k, race, allocating, r => r.RequesterOutlayPerRequestUsd);

    public static SimulationSweep Run(SimulationConfig config, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var runs = new Dictionary<(double, int, Arm, FaultCase), MechanismRun[]>();
        var jobs = new List<(double Gwei, int K, FaultCase Fault)>();
        var headline = config.HeadlineK.Distinct().Order().ToArray();
        foreach (var k in config.KSweep.Concat(headline).Distinct().Order())
        {
            jobs.Add((config.Gas.PriceGwei, k, FaultCase.None));
        }
        foreach (var gwei in config.GasPricesGwei.Where(g => g != config.Gas.PriceGwei).Distinct())
        {
            jobs.AddRange(headline.Select(k => (gwei, k, FaultCase.None)));
        }
        var faults = config.Faults.DropoutRates.Where(d => d > 0).Distinct().Select(d => new FaultCase(d, false))
            .Concat(config.Faults.OutageShare > 0 && config.Faults.OutageSeconds > 0 ? [new FaultCase(0, true)] : []).ToArray();
        foreach (var fault in faults)
        {
            jobs.AddRange(headline.Select(k => (config.Gas.PriceGwei, k, fault)));
        }
        foreach (var (gwei, k, fault) in jobs)
        {
            foreach (var arm in Arm.All)
            {
                runs[(gwei, k, arm, fault)] = new MechanismRun[config.Seeds];
            }
        }
        var simulators = jobs.Select(j => j.Gwei).Distinct()
            .ToDictionary(g => g, g => new MarketSimulator(config with { Gas = config.Gas with { PriceGwei = g } }));
        var done = 0;
        // One task per seed: its pool scenario is drawn once and every K and arm reads a prefix of it.
        Parallel.For(0, config.Seeds, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, seed =>
        {
            var pool = Scenario.Create(config with { Seed = config.Seed + seed }, config.PoolSize);
            foreach (var (gwei, k, fault) in jobs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var scenario = pool.WithK(k);
                foreach (var arm in Arm.All)
                {
                    runs[(gwei, k, arm, fault)][seed] = simulators[gwei].Run(arm.Mechanism, scenario, arm.Regime, fault);
                }
            }
            progress?.Invoke($"model: scenario {Interlocked.Increment(ref done)}/{config.Seeds} done");
        });
        var frontier = LatencyFrontier.Run(config, progress, cancellationToken);
        return new SimulationSweep(config, runs, frontier);
    }
}
