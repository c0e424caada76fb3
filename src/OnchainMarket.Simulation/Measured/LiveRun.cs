using System.Numerics;
using OnchainMarket.Simulation.Economics;
using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Measured;

/// <summary>The live phase of one mechanism at one K: its requests and the totals the report shows.</summary>
public sealed class LiveRun
{
    public LiveRun(MechanismKind mechanism, int k, IReadOnlyList<LiveRequest> requests, long askGas, TimeSpan elapsed)
    {
        Mechanism = mechanism;
        K = k;
        Requests = requests;
        AskGas = askGas;
        Elapsed = elapsed;
        var done = requests.Where(r => r.Fulfilled).ToArray();
        Fulfilled = done.Length;
        Failures = requests.Count - done.Length;
        ProofsComputed = requests.Sum(r => r.ProofsComputed);
        MachineSeconds = requests.Sum(r => r.MachineSeconds);
        UsefulMachineSeconds = requests.Sum(r => r.UsefulMachineSeconds);
        TotalGas = askGas + requests.Sum(r => r.Gas);
        Reverted = requests.Sum(r => r.RevertedTransactions);
        TotalPaidWei = done.Aggregate(BigInteger.Zero, (sum, r) => sum + r.PriceWei);
        TotalProvingCostWei = requests.Aggregate(BigInteger.Zero, (sum, r) => sum + r.ProvingCostWei);
        var latencies = done.Select(r => r.LatencySeconds).Order().ToArray();
        MedianLatencySeconds = MechanismRun.Percentile(latencies, 0.5);
        P95LatencySeconds = MechanismRun.Percentile(latencies, 0.95);
        MaxLatencySeconds = latencies.Length == 0 ? double.NaN : latencies[^1];
        MeanOpenAtSubmit = requests.Count == 0 ? double.NaN : requests.Average(r => r.OpenAtSubmit);
        MaxOpenAtSubmit = requests.Count == 0 ? 0 : requests.Max(r => r.OpenAtSubmit);
    }

    public MechanismKind Mechanism { get; }

    public int K { get; }

    public IReadOnlyList<LiveRequest> Requests { get; }

    /// <summary>Gas of the orderbook's asks (the standing ones and every re-post after a busy prover's ask was pruned).</summary>
    public long AskGas { get; }

    public TimeSpan Elapsed { get; }

    public int Fulfilled { get; }

    public int Failures { get; }

    public int ProofsComputed { get; }

    public double MachineSeconds { get; }

    public double UsefulMachineSeconds { get; }

    public double WastedMachineSeconds => MachineSeconds - UsefulMachineSeconds;

    public long TotalGas { get; }

    public double GasPerFulfilled => Fulfilled == 0 ? double.NaN : (double)TotalGas / Fulfilled;

    /// <summary>Transactions that reverted (a lock another prover won first, a commit after its window): their gas is not in the totals.</summary>
    public int Reverted { get; }

    public BigInteger TotalPaidWei { get; }

    public double MeanPriceWei => Fulfilled == 0 ? double.NaN : (double)TotalPaidWei / Fulfilled;

    public BigInteger TotalProvingCostWei { get; }

    /// <summary>All proving's simulated hardware cost (stopped racers included) per fulfilled request.</summary>
    public double BreakEvenPriceWei => Fulfilled == 0 ? double.NaN : (double)TotalProvingCostWei / Fulfilled;

    public double MedianLatencySeconds { get; }

    public double P95LatencySeconds { get; }

    public double MaxLatencySeconds { get; }

    public double MeanOpenAtSubmit { get; }

    public int MaxOpenAtSubmit { get; }
}
