using System.Numerics;
using OnchainMarket.Simulation.Economics;
using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Measured;

/// <summary>The measured requests of one mechanism at one K, with the totals the report shows.</summary>
public sealed class MeasuredRun
{
    public MeasuredRun(MechanismKind mechanism, int k, IReadOnlyList<MeasuredRequest> requests, long setupGas)
    {
        Mechanism = mechanism;
        K = k;
        Requests = requests;
        SetupGas = setupGas;
        var done = requests.Where(r => r.Fulfilled).ToArray();
        Fulfilled = done.Length;
        Failures = requests.Count - done.Length;
        ProofsComputed = requests.Sum(r => r.ProofsComputed);
        CpuSeconds = requests.Sum(r => r.CpuSeconds);
        UsefulCpuSeconds = requests.Sum(r => r.UsefulCpuSeconds);
        MachineSeconds = requests.Sum(r => r.MachineSeconds);
        TotalGas = SetupGas + requests.Sum(r => r.Gas);
        TotalPaidWei = done.Aggregate(BigInteger.Zero, (sum, r) => sum + r.PriceWei);
        TotalProvingCostWei = requests.Aggregate(BigInteger.Zero, (sum, r) => sum + r.ProvingCostWei);
        var latencies = done.Select(r => (double)r.LatencySeconds).Order().ToArray();
        MeanLatencySeconds = latencies.Length == 0 ? double.NaN : latencies.Average();
        MedianLatencySeconds = MechanismRun.Percentile(latencies, 0.5);
        P95LatencySeconds = MechanismRun.Percentile(latencies, 0.95);
        RuleChecks = requests.Count(r => r.RuleAgrees is not null);
        RuleAgreements = requests.Count(r => r.RuleAgrees == true);
    }

    public MechanismKind Mechanism { get; }

    public int K { get; }

    public IReadOnlyList<MeasuredRequest> Requests { get; }

    /// <summary>Gas spent once for the mechanism (the orderbook's standing asks), counted in the totals.</summary>
    public long SetupGas { get; }

    public int Fulfilled { get; }

    public int Failures { get; }

    public int ProofsComputed { get; }

    public double CpuSeconds { get; }

    public double UsefulCpuSeconds { get; }

    public double WastedCpuSeconds => CpuSeconds - UsefulCpuSeconds;

    public double MachineSeconds { get; }

    /// <summary>Proofs thrown away per fulfilled request.</summary>
    public double WastedProofsPerRequest => Fulfilled == 0 ? double.NaN : (double)(ProofsComputed - Fulfilled) / Fulfilled;

    public long TotalGas { get; }

    public double GasPerFulfilled => Fulfilled == 0 ? double.NaN : (double)TotalGas / Fulfilled;

    public BigInteger TotalPaidWei { get; }

    public double MeanPriceWei => Fulfilled == 0 ? double.NaN : (double)TotalPaidWei / Fulfilled;

    /// <summary>
    /// What all proving (wasted work included) cost per fulfilled request: the least a mechanism's
    /// provers must be paid on average for them, as a group, to break even.
    /// </summary>
    public double BreakEvenPriceWei => Fulfilled == 0 ? double.NaN : (double)TotalProvingCostWei / Fulfilled;

    public BigInteger TotalProvingCostWei { get; }

    public double MeanLatencySeconds { get; }

    public double MedianLatencySeconds { get; }

    public double P95LatencySeconds { get; }

    /// <summary>Requests whose winner and price the C# clearing rule was checked against the chain's.</summary>
    public int RuleChecks { get; }

    public int RuleAgreements { get; }
}
