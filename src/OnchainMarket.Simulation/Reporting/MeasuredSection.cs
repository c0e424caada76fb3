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

    private const string LiveRequestersText = "six";

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
            live = measured.LiveRuns.SelectMany(r => r.Requests).Select(q => new
            {
                k = q.K,
                mechanism = MechanismNames.Of(q.Mechanism),
                request = q.Index,
                fulfilled = q.Fulfilled,
                winner = q.Winner,
                priceWei = q.PriceWei.ToString(Inv),
                latencySeconds = double.IsFinite(q.LatencySeconds) ? Math.Round(q.LatencySeconds, 3) : (double?)null,
                openAtSubmit = q.OpenAtSubmit,
                proofsComputed = q.ProofsComputed,
                machineSeconds = Math.Round(q.MachineSeconds, 3),
                usefulMachineSeconds = Math.Round(q.UsefulMachineSeconds, 3),
                provingCostWei = q.ProvingCostWei.ToString(Inv),
                gas = q.Gas,
                reverted = q.RevertedTransactions,
                error = q.Error,
            }),
        }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    public static void Write(StringBuilder md, MeasuredResults measured)
    {
        void Line(string text = "") => md.Append(text).Append('\n');
        var s = measured.Settings;
        Line("## The measured run");
        Line();
        var hashes = measured.Circuit == BenchCircuit.Large ? "twenty" : "two";
        Line($"A fresh anvil devnet per K with the real contracts (ProofMarket, RestakingVault, CircuitRegistry), K registered operators (capacity 1, stake locked per assignment), "
            + $"and {s.Requests} requests per mechanism for the benchmark circuit `{measured.Circuit}` (a chain of {hashes} Poseidon hashes, `src/OnchainMarket.Simulation/Circuits`) ({measured.Constraints:N0} constraints). "
            + $"Every proof is really computed by the project's Groth16 prover ({measured.ProverBackend} backend); one proof of a real request's witness takes {measured.CalibrationSeconds.ToString("0.00", Inv)} s on this machine. "
            + $"Provers' hardware is simulated by slowdowns and prices per prover: {string.Join(", ", s.Profiles.Take(Math.Min(s.Profiles.Count, s.Ks.Max())).Select(p => $"{p.Name} ×{p.Slowdown.ToString("0.##", Inv)}"))}. "
            + $"Every request escrows maxPrice = {Wei((double)s.MaxPriceWei)} wei; Dutch ramp 0 → maxPrice over {s.RampSeconds} s. "
            + "Provers ask their expected cost (calibrated proof time × slowdown × price per second) plus a margin. It runs in two phases:");
        Line();
        Line($"- **Rule check (one request at a time, chain clock).** Blocks are mined by hand at chosen timestamps (1 s apart at least), and prover i's proof moves the clock by its real proving time times its slowdown; sealed-bid windows {s.CommitWindowSeconds} s + {s.RevealWindowSeconds} s. "
            + "Every request's winner and price are computed with the C# clearing rule too and compared with the contract's. In the race every online prover races, fastest hardware proved first; "
            + "the request closes when the first valid proof is revealed (one block after its commitment), and a racer that could not finish by then is not proved: it stops, its work up to the close counted at its speed.");
        if (s.Live is { } live)
        {
            Line($"- **Live (Poisson arrivals, wall clock).** Another devnet per K that mines a block every {live.BlockSeconds} s of wall-clock time; requests arrive as a Poisson process, one every {live.MeanArrivalSeconds.ToString("0.#", Inv)} s on average, "
                + $"from {LiveRequestersText} requester accounts, so several are open at once; sealed-bid windows {live.CommitWindowSeconds} s + {live.RevealWindowSeconds} s. Each prover is a loop that acts when its one machine is free: "
                + "it races every open race, bids on every auction still in its commit window (and holds its machine until the auction settles, since winning while busy would forfeit its bond), "
                + "locks a Dutch request once the ramp reaches its ask, or re-posts its ask when a match pruned it while it was busy (the contract drops a busy prover's ask when it scans it). "
                + "A machine with slowdown s is busy s times the real proof's time, the real proof computed at the end of that time: a racer stopped by the close never computes, its machine time until the close is counted. "
                + "Latency is the requester's wall-clock wait from sending its submit to the verifying receipt, so it includes blocks, windows, queueing behind busy provers and this machine's one shared CPU.");
        }
        Line();
        Line("The driver is a small per-prover loop over the market's ABI (the agent's `MarketContracts`, `ProofEngine`, `DevnetDeployer`, `Operator`), not the full prover agent: "
            + "the benchmark needs to simulate each prover's hardware speed and, in the rule check, to put it on the chain's clock, which the agent does not expose.");
        Line();
        Line("**Rule check.**");
        Line();
        Line("| K | mechanism | fulfilled | failed | proofs computed | CPU-s total | CPU-s wasted | wasted proofs / request | mean price paid (wei) | break-even price (wei) | latency mean / median / p95 (chain s) | gas / fulfilled | C# rule = contract |");
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
        if (measured.LiveRuns.Count > 0)
        {
            LiveSection.Write(md, measured);
        }
        Line("**What this run does and does not show.** Racers stop when the request closes, asks are calibrated on a real request's witness (witness generation included), "
            + (measured.LiveRuns.Count > 0 ? "and the live phase has requests arriving while others are open and measures wall-clock latency. " : "")
            + "Still: every online racer races (the all-racing regime) and the race's price is the configured maxPrice, a price nobody discovered; the provers' hardware is simulated (one machine's real proofs, slowed), "
            + "and the live phase's K provers share this machine's cores, so their real proofs queue behind each other where separate machines would not. "
            + "The break-even price of the race divided by the sealed-bid price paid is not a like-for-like ratio (a cost over a price) and is not a headline. "
            + "What the run establishes: the clearing rules and the slash-and-reopen path the model uses agree with the contracts; the receipts' gas per request, to which the model's gas schedule is fitted; "
            + "and, live, how each mechanism's latency and failures behave when requests overlap and provers are busy.");
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
        Line($"The measured run took {measured.Elapsed.TotalMinutes.ToString("0.0", Inv)} min"
            + (measured.LiveRuns.Count > 0 ? $", of which the live phase {measured.LiveElapsed.TotalMinutes.ToString("0.0", Inv)} min." : "."));
        Line();
    }
}
