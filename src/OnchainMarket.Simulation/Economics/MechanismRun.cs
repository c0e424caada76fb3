using OnchainMarket.Simulation.Config;
using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Economics;

/// <summary>
/// One simulated run of a mechanism with K provers: every request's record and every prover's books.
/// The equilibrium figures are taken over the requests after the warm-up.
/// </summary>
public sealed class MechanismRun
{
    public MechanismRun(MechanismKind mechanism, int k, int warmup, IReadOnlyList<RoundRecord> rounds, IReadOnlyList<ProverSummary> provers,
        RaceRegime regime, GasSchedule gas)
    {
        Mechanism = mechanism;
        Regime = regime;
        GasPriceGwei = gas.PriceGwei;
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

        double PerServed(double total) => served.Length == 0 ? double.NaN : total / served.Length;
        UsefulCostPerRequestUsd = PerServed(steady.Sum(r => r.UsefulCostUsd));
        WastedCostPerRequestUsd = PerServed(steady.Sum(r => r.WastedCostUsd));
        GasUsdPerRequest = PerServed(steady.Sum(r => gas.Usd(r.Gas)));
        RequesterOutlayPerRequestUsd = PerServed(served.Sum(r => r.PriceUsd) + steady.Sum(r => gas.Usd(r.RequesterGas)) - steady.Sum(r => r.CompensationUsd));
        ProverMarginPerRequestUsd = PerServed(served.Sum(r => r.PriceUsd + r.BountyUsd) - steady.Sum(r => r.ProvingCostUsd) - steady.Sum(r => gas.Usd(r.ProverGas)) - steady.Sum(r => r.SlashedUsd));
        SlashToOthersPerRequestUsd = PerServed(steady.Sum(r => r.KeeperUsd + r.BurnedUsd));
        SlashesPerThousand = steady.Length == 0 ? double.NaN : 1000.0 * steady.Count(r => r.SlashedUsd > 0) / steady.Length;
        P99LatencySeconds = Percentile(latencies, 0.99);
        FailureRate = steady.Length == 0 ? double.NaN : (double)Failures / steady.Length;
        ReopenedShare = steady.Length == 0 ? double.NaN : (double)steady.Count(r => r.Reopened) / steady.Length;
        var wins = provers.Select(p => (double)p.WinsAfterWarmup).ToArray();
        var revenue = provers.Select(p => p.RevenueAfterWarmupUsd).ToArray();
        WinsHhi = Concentration.Hhi(wins);
        RevenueHhi = Concentration.Hhi(revenue);
        WinsGini = Concentration.Gini(wins);
        RevenueGini = Concentration.Gini(revenue);
    }

    /// <summary>The fault case the run was under (none for the main sweep).</summary>
    public FaultCase Fault { get; init; } = FaultCase.None;

    /// <summary>Simulated seconds from the first to the last measured request.</summary>
    public double SteadySeconds { get; init; }

    /// <summary>Collateral each assignment locks (0 for a race: nothing is assigned).</summary>
    public double CollateralUsd { get; init; }

    /// <summary>
    /// What the stake behind the collateral costs per proved request at a yearly cost of capital:
    /// every prover still in keeps one job's collateral free all the time (capacity 1) to be eligible.
    /// </summary>
    public double CollateralCapitalPerRequestUsd(double yearlyRate) =>
        Served == 0 ? double.NaN : ProversInMarket * CollateralUsd * yearlyRate * (SteadySeconds / (365.25 * 86_400)) / Served;

    /// <summary>Slashed collateral that went to keepers or was burned, per proved request (the part of a slash neither requester nor rescuer gets).</summary>
    public double SlashToOthersPerRequestUsd { get; }

    public double SlashesPerThousand { get; }

    public double P99LatencySeconds { get; }

    /// <summary>For a race: how racers came to race (the allocating mechanisms report <see cref="RaceRegime.Rational"/>).</summary>
    public RaceRegime Regime { get; }

    public double GasPriceGwei { get; }

    // The cost decomposition, per served request after the warm-up. Useful + wasted + gas + margin
    // = the requester's outlay (price paid plus the requester's own gas).

    /// <summary>Hardware of the proof that was used (the winner's machine time).</summary>
    public double UsefulCostPerRequestUsd { get; }

    /// <summary>Hardware spent on proofs that were thrown away.</summary>
    public double WastedCostPerRequestUsd { get; }

    /// <summary>Every party's gas, in US dollars.</summary>
    public double GasUsdPerRequest { get; }

    /// <summary>Provers' net margin: what they were paid less all their hardware and gas (winner's margin less losers' losses).</summary>
    public double ProverMarginPerRequestUsd { get; }

    /// <summary>What the requester paid: the price plus its own gas (submit, finalize).</summary>
    public double RequesterOutlayPerRequestUsd { get; }

    public double FailureRate { get; }

    /// <summary>Share of the requests after the warm-up that went through a re-opened Dutch auction (failed sealed-bid auction or slash).</summary>
    public double ReopenedShare { get; }

    /// <summary>Herfindahl–Hirschman index (0–1) of the provers' wins after the warm-up.</summary>
    public double WinsHhi { get; }

    public double RevenueHhi { get; }

    /// <summary>Gini coefficient (0 equal, → 1 one prover takes all) of wins after the warm-up over all K provers.</summary>
    public double WinsGini { get; }

    public double RevenueGini { get; }

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
