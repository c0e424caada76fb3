using OnchainMarket.Simulation.Config;
using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Economics;

/// <summary>One setting of one arm on the frontier: what was swept, to what, and the runs over the seeds.</summary>
public sealed record FrontierPoint(Arm Arm, string Knob, double Setting, FaultCase Fault, IReadOnlyList<MechanismRun> Runs)
{
    public Interval Price => Interval.Of(Runs.Select(r => r.MeanPriceUsd));

    public Interval RequesterCost => Interval.Of(Runs.Select(r => r.RequesterOutlayPerRequestUsd));

    public Interval P50 => Interval.Of(Runs.Select(r => r.MedianLatencySeconds));

    public Interval P95 => Interval.Of(Runs.Select(r => r.P95LatencySeconds));

    public Interval P99 => Interval.Of(Runs.Select(r => r.P99LatencySeconds));

    public Interval FailureRate => Interval.Of(Runs.Select(r => r.FailureRate));

    public Interval ReopenedShare => Interval.Of(Runs.Select(r => r.ReopenedShare));
}

/// <summary>
/// The price–latency frontier at one K: the Dutch ramp and the sealed-bid windows swept without
/// faults (the race and the orderbook have no window that sets their latency: one point each), and
/// the proving window swept under a dropout rate for the three allocating mechanisms. Every setting
/// runs on the same scenarios as the main sweep (same seeds, fleets nested the same way).
/// </summary>
public sealed class LatencyFrontier
{
    public const string RampKnob = "Dutch ramp";
    public const string WindowsKnob = "commit = reveal window";
    public const string ProvingKnob = "proving window";
    public const string NoKnob = "shipped settings";

    private LatencyFrontier(int k, IReadOnlyList<FrontierPoint> points, (IReadOnlyList<double> P50, IReadOnlyList<double> P95) targets)
    {
        K = k;
        Points = points;
        Targets = targets;
    }

    public int K { get; }

    /// <summary>The latencies (seconds) the p50 and p95 comparisons are read at.</summary>
    public (IReadOnlyList<double> P50, IReadOnlyList<double> P95) Targets { get; }

    public IReadOnlyList<FrontierPoint> Points { get; }

    /// <summary>The fault-free points: the frontier the equal-latency comparison reads.</summary>
    public IEnumerable<FrontierPoint> FaultFree => Points.Where(p => p.Fault.IsNone);

    /// <summary>The proving-window sweep under dropout.</summary>
    public IEnumerable<FrontierPoint> UnderDropout => Points.Where(p => !p.Fault.IsNone);

    /// <summary>
    /// The cheapest fault-free setting of <paramref name="arm"/> whose mean latency (p50 or p95, by
    /// <paramref name="latency"/>) is at most <paramref name="target"/>; null when none is that fast.
    /// </summary>
    public FrontierPoint? CheapestWithin(Arm arm, Func<FrontierPoint, Interval> latency, double target) =>
        FaultFree.Where(p => p.Arm == arm && latency(p).Mean <= target && double.IsFinite(p.RequesterCost.Mean))
            .MinBy(p => p.RequesterCost.Mean);

    public static LatencyFrontier Run(SimulationConfig config, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var f = config.Frontier;
        var k = f.K;
        var jobs = new List<(Arm Arm, string Knob, double Setting, FaultCase Fault, SimulationConfig Config)>
        {
            (Arm.RaceRational, NoKnob, double.NaN, FaultCase.None, config),
            (Arm.RaceAll, NoKnob, double.NaN, FaultCase.None, config),
            (Arm.Orderbook, NoKnob, double.NaN, FaultCase.None, config),
        };
        jobs.AddRange(f.DutchRampSeconds.Distinct().Order().Select(r => (Arm.Dutch, RampKnob, r, FaultCase.None, config with { Dutch = config.Dutch with { RampSeconds = r } })));
        jobs.AddRange(f.SealedBidWindowSeconds.Distinct().Order().Select(w => (Arm.SealedBid, WindowsKnob, w, FaultCase.None,
            config with { SealedBid = config.SealedBid with { CommitSeconds = w, RevealSeconds = w } })));
        if (f.Dropout > 0)
        {
            var fault = new FaultCase(f.Dropout, false);
            foreach (var arm in Arm.Allocating)
            {
                jobs.AddRange(f.ProvingWindowSeconds.Distinct().Order().Select(w => (arm, ProvingKnob, w, fault, config with { Faults = config.Faults with { ProvingWindowSeconds = w } })));
            }
        }
        var runs = jobs.Select(_ => new MechanismRun[config.Seeds]).ToArray();
        var simulators = jobs.Select(j => new MarketSimulator(j.Config)).ToArray();
        var done = 0;
        Parallel.For(0, config.Seeds, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, seed =>
        {
            // The main sweep's scenario for this seed: the pool drawn once, the market its first K.
            var scenario = Scenario.Create(config with { Seed = config.Seed + seed }, Math.Max(config.PoolSize, k)).WithK(k);
            for (var n = 0; n < jobs.Count; n++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                runs[n][seed] = simulators[n].Run(jobs[n].Arm.Mechanism, scenario, jobs[n].Arm.Regime, jobs[n].Fault);
            }
            progress?.Invoke($"frontier: scenario {Interlocked.Increment(ref done)}/{config.Seeds} done");
        });
        return new LatencyFrontier(k, [.. jobs.Select((j, n) => new FrontierPoint(j.Arm, j.Knob, j.Setting, j.Fault, runs[n]))], (f.P50Targets, f.P95Targets));
    }
}
