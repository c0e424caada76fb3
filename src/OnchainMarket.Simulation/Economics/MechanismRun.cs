using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Economics;

/// <summary>
/// One simulated run of a mechanism with K provers: every request's record and every prover's books.
/// The equilibrium figures are taken over the requests after the warm-up.
/// </summary>
public sealed class MechanismRun
{
    public MechanismRun(MechanismKind mechanism, int k, int warmup, IReadOnlyList<RoundRecord> rounds, IReadOnlyList<ProverSummary> provers)
    {
        Mechanism = mechanism;
        K = k;
        Warmup = warmup;
        Rounds = rounds;
        Provers = provers;
        var steady = rounds.Skip(warmup).ToArray();
        var served = steady.Where(r => r.Served).ToArray();
        SteadyRequests = steady.Length;
        Served = served.Length;
        Failures = steady.Length - served.Length;
        MeanPriceUsd = served.Length == 0 ? double.NaN : served.Average(r => r.PriceUsd);
        var latencies = served.Select(r => r.LatencySeconds).Order().ToArray();
        MedianLatencySeconds = Percentile(latencies, 0.5);
        P95LatencySeconds = Percentile(latencies, 0.95);
        MeanLatencySeconds = latencies.Length == 0 ? double.NaN : latencies.Average();
        MachineSecondsPerRequest = served.Length == 0 ? double.NaN : steady.Sum(r => r.MachineSeconds) / served.Length;
        WastedMachineSecondsPerRequest = served.Length == 0 ? double.NaN : steady.Sum(r => r.WastedMachineSeconds) / served.Length;
        ProofsPerRequest = served.Length == 0 ? double.NaN : steady.Sum(r => r.ProofEquivalents) / served.Length;
        WastedProofsPerRequest = served.Length == 0 ? double.NaN : steady.Sum(r => r.WastedProofs) / served.Length;
        ProvingCostPerRequestUsd = served.Length == 0 ? double.NaN : steady.Sum(r => r.ProvingCostUsd) / served.Length;
        GasPerRequest = served.Length == 0 ? double.NaN : (double)steady.Sum(r => r.Gas) / served.Length;
        ProversInMarket = provers.Count(p => p.InMarketAtEnd);
        DistinctWinners = served.Select(r => r.Winner).Distinct().Count();
        var topWins = served.Length == 0 ? 0 : served.GroupBy(r => r.Winner).Max(g => g.Count());
        TopProverShare = served.Length == 0 ? double.NaN : (double)topWins / served.Length;
        MeanParticipants = steady.Length == 0 ? double.NaN : steady.Average(r => r.Participants);
    }

    public MechanismKind Mechanism { get; }

    public int K { get; }

    public int Warmup { get; }

    public IReadOnlyList<RoundRecord> Rounds { get; }

    public IReadOnlyList<ProverSummary> Provers { get; }

    public int SteadyRequests { get; }

    public int Served { get; }

    public int Failures { get; }

    /// <summary>Mean price paid per served request after the warm-up: the equilibrium price.</summary>
    public double MeanPriceUsd { get; }

    public double MeanLatencySeconds { get; }

    public double MedianLatencySeconds { get; }

    public double P95LatencySeconds { get; }

    /// <summary>Machine-seconds of proving per served request, wasted work included.</summary>
    public double MachineSecondsPerRequest { get; }

    public double WastedMachineSecondsPerRequest { get; }

    /// <summary>Proofs computed per served request (a race loser stopped half-way counts as half).</summary>
    public double ProofsPerRequest { get; }

    public double WastedProofsPerRequest { get; }

    /// <summary>Hardware cost of all proving per served request, wasted work included.</summary>
    public double ProvingCostPerRequestUsd { get; }

    /// <summary>Gas of every party's transactions per served request.</summary>
    public double GasPerRequest { get; }

    public int ProversInMarket { get; }

    public int DistinctWinners { get; }

    /// <summary>Share of the served requests won by the prover that won most.</summary>
    public double TopProverShare { get; }

    /// <summary>Provers that took part in a request on average (bid, locked, raced; 1 for an orderbook fill).</summary>
    public double MeanParticipants { get; }

    /// <summary>The q-quantile of sorted values (nearest rank); NaN when empty.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(q * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
