using System.Globalization;
using System.Text;
using OnchainMarket.Simulation.Measured;
using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Reporting;

/// <summary>The report's section on the measured devnet run (real contracts, real proofs), and its per-request JSON.</summary>
internal static class MeasuredSection
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string Fixed(double v, string format) => double.IsFinite(v) ? v.ToString(format, Inv) : "n/a";

    private static string Wei(double v) => double.IsFinite(v) ? v.ToString("0.00E+0", Inv) : "n/a";


    /// <summary>The measured per-request records, for readers who want to check the tables.</summary>
    public static void WriteJson(string path, MeasuredResults measured)
    {
        var rows = measured.Runs.SelectMany(r => r.Requests).Select(q => new
        {
            k = q.K,
            mechanism = MechanismNames.Of(q.Mechanism),
            request = q.Index,
            fulfilled = q.Fulfilled,
            winner = q.Winner,
            priceWei = q.PriceWei.ToString(Inv),
            latencySeconds = q.LatencySeconds,
            proofsComputed = q.ProofsComputed,
            cpuSeconds = Math.Round(q.CpuSeconds, 4),
            usefulCpuSeconds = Math.Round(q.UsefulCpuSeconds, 4),
            machineSeconds = Math.Round(q.MachineSeconds, 4),
            provingCostWei = q.ProvingCostWei.ToString(Inv),
            gas = q.Gas,
            ruleAgrees = q.RuleAgrees,
            error = q.Error,
        });
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new
        {
            circuit = measured.Circuit,
            constraints = measured.Constraints,
            backend = measured.ProverBackend,
            calibrationSeconds = measured.CalibrationSeconds,
            requests = rows,
        }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    public static void Write(StringBuilder md, MeasuredResults measured)
    {
        void Line(string text = "") => md.Append(text).Append('\n');
        var s = measured.Settings;
        Line("## The measured run");
        Line();
        Line($"A fresh anvil devnet per K with the real contracts (ProofMarket, RestakingVault, CircuitRegistry), K registered operators (capacity 1, stake locked per assignment), "
            + $"and {s.Requests} requests per mechanism for the benchmark circuit `{measured.Circuit}` (two Poseidon hashes, `src/OnchainMarket.Simulation/Circuits`) ({measured.Constraints:N0} constraints). "
            + $"Every proof is really computed by the project's Groth16 prover ({measured.ProverBackend} backend); one proof takes {measured.CalibrationSeconds.ToString("0.00", Inv)} s on this machine. "
            + "Provers' hardware is simulated: prover i takes its real proving time times a slowdown, and the chain's clock is advanced by that slowed time "
            + $"(blocks are mined by hand at chosen timestamps, 1 s apart at least). Slowdowns and prices per prover: {string.Join(", ", s.Profiles.Take(Math.Min(s.Profiles.Count, s.Ks.Max())).Select(p => $"{p.Name} ×{p.Slowdown.ToString("0.##", Inv)}"))}. "
            + $"Requests are served one at a time. Every request escrows maxPrice = {Wei((double)s.MaxPriceWei)} wei; sealed-bid windows {s.CommitWindowSeconds} s + {s.RevealWindowSeconds} s, Dutch ramp 0 → maxPrice over {s.RampSeconds} s. "
            + "Provers ask their expected cost (calibrated proof time × slowdown × price per second) plus a margin. In the race every prover proves; "
            + "those that finish before the winning reveal commit, the winner reveals one block after its commitment.");
        Line();
        Line("The driver is a small per-prover loop over the market's ABI (the agent's `MarketContracts`, `ProofEngine`, `DevnetDeployer`, `Operator`), not the full prover agent: "
            + "the benchmark needs to put simulated proving time on the chain's clock and to make every racer prove, which the agent does not expose.");
        Line();
        Line("| K | mechanism | fulfilled | failed | proofs computed | CPU-s total | CPU-s wasted | wasted proofs / request | mean price paid (wei) | break-even price (wei) | latency mean / median / p95 (s) | gas / fulfilled | C# rule = contract |");
        Line("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in measured.Runs.OrderBy(r => r.K).ThenBy(r => MechanismNames.ReportOrder.ToList().IndexOf(r.Mechanism)))
        {
            Line($"| {r.K} | {MechanismNames.Of(r.Mechanism)} | {r.Fulfilled} | {r.Failures} | {r.ProofsComputed} | {r.CpuSeconds.ToString("0.0", Inv)} | {r.WastedCpuSeconds.ToString("0.0", Inv)} | {Fixed(r.WastedProofsPerRequest, "0.00")} | "
                + $"{Wei(r.MeanPriceWei)} | {Wei(r.BreakEvenPriceWei)} | {Fixed(r.MeanLatencySeconds, "0.0")} / {Fixed(r.MedianLatencySeconds, "0")} / {Fixed(r.P95LatencySeconds, "0")} | {Fixed(r.GasPerFulfilled, "#,0")} | {r.RuleAgreements}/{r.RuleChecks} |");
        }
        Line();
        Line("*Break-even price* is what all proving for the mechanism cost (wasted proofs included, at the provers' simulated prices) per fulfilled request: the least the provers, as a group, must be paid on average. "
            + "A race pays the escrowed maxPrice whatever the work; its break-even price is what a race has to pay in the long run for its racers to stay. "
            + "*Gas / fulfilled* counts every party's transactions (submit, bids, reveals, finalize, locks, asks, commitments, fulfilment).");
        Line();
        Line("**What this run does and does not show.** Since v2, racers stop when the request closes: proofs are computed fastest hardware first, and a racer that could not finish before the winning reveal "
            + "is not proved, its work up to the close counted at its speed (at the CPU per proving-second of the real proofs); and asks are calibrated on a real request's witness (witness generation included), not a dense random one. "
            + "Still as in v1: every online racer races (the all-racing regime) and the race's price is the configured maxPrice, a price nobody discovered; requests come one at a time, and latencies are chain seconds from chosen block timestamps, not wall clock; "
            + "the circuit is the small benchmark hash chain. "
            + "The break-even price of the race divided by the sealed-bid price paid is not a like-for-like ratio (a cost over a price) and is not a headline. "
            + "What the run establishes: the clearing rules and the slash-and-reopen path the model uses agree with the contracts, and the receipts' gas per request, to which the model's gas schedule is fitted.");
        Line();
        var errors = measured.Runs.SelectMany(r => r.Requests).Where(r => r.Error is not null).Select(r => r.Error!).Distinct().Take(5).ToArray();
        if (errors.Length > 0)
        {
            Line("Failures seen: " + string.Join("; ", errors.Select(e => $"`{e}`")));
            Line();
        }
        if (measured.SlashChecks.Count > 0)
        {
            Line("**The slash-and-reopen path on the contracts.** Per K, one Dutch request (fallback on) whose assigned prover never delivers: after its proving window another prover slashes it, "
                + "the request re-opens, and the first other prover the new ramp reaches locks, proves and is paid. Each rule the model's liveness runs use is checked against the receipts: "
                + "the split (`Slashing.Split` in C#, compensation and bounty capped at the assigned price), the re-open (round 1, ramp from the failed price to maxPrice over reopenRamp, capped at deadline − proving window, the dropper excluded, the bounty carried), "
                + "the cooldown, and the rescue (its price from the C# ramp, paid price + bounty). Amounts in wei.");
            Line();
            Line("| K | assigned price | slashed | to requester | bounty | keeper | burned | re-open from / ramp (s) | rescue price | rescuer paid | latency (s) | split | re-open | cooldown | rescue |");
            Line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|");
            foreach (var c in measured.SlashChecks)
            {
                static string Ok(bool b) => b ? "agrees" : "**differs**";
                Line(c.Error is not null
                    ? $"| {c.K} | failed: `{c.Error}` |||||||||||||| "
                    : $"| {c.K} | {c.AssignedPrice} | {Wei((double)c.Slashed)} | {c.Compensation} | {c.Bounty} | {Wei((double)c.Keeper)} | {Wei((double)c.Burned)} | {c.ReopenMinPrice} / {c.ReopenRampSeconds} | {c.RescuePrice} | {c.RescuerPaid} | {c.LatencySeconds} | {Ok(c.SplitAgrees)} | {Ok(c.ReopenAgrees)} | {Ok(c.CooldownAgrees)} | {Ok(c.RescueAgrees)} |");
            }
            Line();
        }
        Line("![measured CPU per request](mechanisms/measured-cpu.svg)");
        Line();
        Line("![measured gas per request](mechanisms/measured-gas.svg)");
        Line();
        Line("Every measured request (prover, price, latency, proofs, CPU, gas, rule check) is in [mechanisms/measured.json](mechanisms/measured.json).");
        Line();
        Line($"The measured run took {measured.Elapsed.TotalMinutes.ToString("0.0", Inv)} min.");
        Line();
    }
}
