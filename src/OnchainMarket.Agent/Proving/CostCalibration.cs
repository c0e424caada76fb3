using System.Numerics;
using OnchainMarket.Agent.Pricing;

namespace OnchainMarket.Agent.Proving;

/// <summary>
/// Calibrates the cost model on this machine: times one proof of the largest circuit the prover
/// serves and divides by its constraint count. Done at start because the same binary runs on a
/// laptop CPU and on an H100, and a price copied from elsewhere would be wrong on both.
/// </summary>
public static class CostCalibration
{
    public static CostModel Calibrate(ProofEngine engine, IReadOnlyCollection<CircuitFiles> circuits, BigInteger weiPerProvingSecond, int marginBps, CancellationToken cancellationToken = default)
    {
        if (circuits.Count == 0)
        {
            throw new ArgumentException("there is no circuit to calibrate on");
        }
        var largest = circuits.MaxBy(c => c.Constraints)!;
        var elapsed = engine.Benchmark(largest, cancellationToken);
        var nanosPerConstraint = Math.Max(1.0, elapsed.TotalMilliseconds * 1_000_000.0 / Math.Max(1UL, largest.Constraints));
        var model = new CostModel
        {
            NanosecondsPerConstraint = nanosPerConstraint,
            WeiPerProvingSecond = weiPerProvingSecond,
            MarginBps = marginBps,
        };
        model.Validate();
        return model;
    }
}
