using System.Globalization;
using System.Text;
using OnchainMarket.Simulation.Config;
using OnchainMarket.Simulation.Economics;
using OnchainMarket.Simulation.Measured;
using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Reporting;

/// <summary>
/// Writes reports/mechanisms.md and its SVG charts (under reports/mechanisms/) from the economic
/// model's sweep and, when it ran, the measured devnet run. The first line after the title is the
/// headline ratio in a fixed form that scripts can grep.
/// </summary>
public static class MechanismReport
{
    public const string FileName = "mechanisms.md";

    public const string ChartFolder = "mechanisms";

    /// <summary>The K the headline compares the mechanisms at.</summary>
    public const int HeadlineK = 10;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes the report and charts into <paramref name="directory"/>; returns the report's path.</summary>
    public static string Write(string directory, SimulationSweep sweep, MeasuredResults? measured, DateTimeOffset generatedAt, TimeSpan elapsed)
    {
        Directory.CreateDirectory(Path.Combine(directory, ChartFolder));
        var charts = WriteCharts(Path.Combine(directory, ChartFolder), sweep, measured);
        if (measured is not null)
        {
            WriteMeasuredJson(Path.Combine(directory, ChartFolder, "measured.json"), measured);
        }
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path, Markdown(sweep, measured, charts, generatedAt, elapsed));
        return path;
    }

    /// <summary>The measured per-request records, for readers who want to check the tables.</summary>
    private static void WriteMeasuredJson(string path, MeasuredResults measured)
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

    /// <summary>The headline line, exactly as the report's first lines carry it.</summary>
    public static string HeadlineLine(SimulationSweep sweep) =>
        $"race/sealed-bid price ratio at K={HeadlineK}: {Number(sweep.PriceRatio(HeadlineK))}";

    private static string Number(double v) => double.IsFinite(v) ? v.ToString(v >= 100 ? "0" : "0.0#", Inv) : "n/a";

    private static string Usd(double v) => double.IsFinite(v) ? "$" + v.ToString(v >= 1 ? "0.00" : v >= 0.01 ? "0.0000" : "0.000000", Inv) : "n/a";

    private static string Fixed(double v, string format) => double.IsFinite(v) ? v.ToString(format, Inv) : "n/a";

    private static string Wei(double v) => double.IsFinite(v) ? v.ToString("0.00E+0", Inv) : "n/a";

    private static IReadOnlyList<string> WriteCharts(string folder, SimulationSweep sweep, MeasuredResults? measured)
    {
        var written = new List<string>();
        void Save(string name, string svg)
        {
            File.WriteAllText(Path.Combine(folder, name), svg);
            written.Add(name);
        }

        IReadOnlyList<ChartSeries> PerMechanism(Func<MechanismRun, double> value) =>
            [.. MechanismNames.ReportOrder.Select(m => new ChartSeries(MechanismNames.Of(m), [.. sweep.Ks.Select(k => ((double)k, sweep.Mean(k, m, value)))]))];

        Save("price-vs-k.svg", SvgChart.Line("Equilibrium price per proof (model)", "provers in the market (K)", "US$ per proof (log)", PerMechanism(r => r.MeanPriceUsd), logY: true));
        Save("proofs-vs-k.svg", SvgChart.Line("Proofs computed per request (model)", "provers in the market (K)", "proofs per proved request", PerMechanism(r => r.ProofsPerRequest)));
        Save("cost-vs-k.svg", SvgChart.Line("Hardware spent per request, wasted work included (model)", "provers in the market (K)", "US$ of machine time (log)", PerMechanism(r => r.ProvingCostPerRequestUsd), logY: true));
        Save("provers-vs-k.svg", SvgChart.Line("Provers left in the market at the end (model)", "provers that entered (K)", "provers still in", PerMechanism(r => r.ProversInMarket)));
        Save("winners-vs-k.svg", SvgChart.Line("Share of requests won by the busiest prover (model)", "provers in the market (K)", "top prover's share", PerMechanism(r => r.TopProverShare)));

        foreach (var k in sweep.Config.HeadlineK.Where(k => sweep.Ks.Contains(k)))
        {
            var cdf = MechanismNames.ReportOrder.Select(m =>
            {
                var sorted = sweep[k, m].Rounds.Skip(sweep[k, m].Warmup).Where(r => r.Served).Select(r => r.LatencySeconds).Order().ToArray();
                var points = new List<(double, double)>();
                for (var q = 0; q <= 100; q += 2)
                {
                    points.Add((MechanismRun.Percentile(sorted, Math.Max(0.001, q / 100.0)), q / 100.0));
                }
                return new ChartSeries(MechanismNames.Of(m), points);
            }).ToArray();
            Save($"latency-cdf-k{k}.svg", SvgChart.Line($"Submission to verified proof, K={k} (model)", "seconds", "share of requests proved", cdf));
        }

        if (measured is not null && measured.Runs.Count > 0)
        {
            var ks = measured.Runs.Select(r => r.K).Distinct().Order().ToArray();
            var categories = ks.Select(k => $"K={k}").ToArray();
            var names = MechanismNames.ReportOrder.Select(MechanismNames.Of).ToArray();
            IReadOnlyList<IReadOnlyList<double>> Values(Func<MeasuredRun, double> value) =>
                [.. MechanismNames.ReportOrder.Select(m => (IReadOnlyList<double>)[.. ks.Select(k => measured.Find(k, m) is { } r ? value(r) : double.NaN)])];
            Save("measured-cpu.svg", SvgChart.Bars("Measured: CPU-seconds of proving per fulfilled request", "CPU-seconds", categories, names,
                Values(r => r.Fulfilled == 0 ? double.NaN : r.CpuSeconds / r.Fulfilled)));
            Save("measured-latency.svg", SvgChart.Bars("Measured: median submission-to-verified latency", "chain seconds", categories, names, Values(r => r.MedianLatencySeconds)));
            Save("measured-latency-p95.svg", SvgChart.Bars("Measured: p95 submission-to-verified latency", "chain seconds", categories, names, Values(r => r.P95LatencySeconds)));
            Save("measured-gas.svg", SvgChart.Bars("Measured: gas of all parties per fulfilled request", "gas", categories, names, Values(r => r.GasPerFulfilled)));
        }
        return written;
    }

    private static string Markdown(SimulationSweep sweep, MeasuredResults? measured, IReadOnlyList<string> charts, DateTimeOffset generatedAt, TimeSpan elapsed)
    {
        var c = sweep.Config;
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');

        double Avg(int k, MechanismKind m, Func<MechanismRun, double> f) => sweep.Mean(k, m, f);
        Line("# Proof racing against allocation: the four mechanisms measured");
        Line();
        Line(HeadlineLine(sweep));
        Line();
        Line($"At K={HeadlineK} provers the economic model settles at {Usd(Avg(HeadlineK, MechanismKind.Race, r => r.MeanPriceUsd))} per proof under racing, "
            + $"{Usd(Avg(HeadlineK, MechanismKind.SealedBid, r => r.MeanPriceUsd))} under the sealed-bid auction, {Usd(Avg(HeadlineK, MechanismKind.Dutch, r => r.MeanPriceUsd))} under the Dutch auction "
            + $"and {Usd(Avg(HeadlineK, MechanismKind.Orderbook, r => r.MeanPriceUsd))} under the orderbook (means over {sweep.Seeds} drawn scenarios); "
            + $"racing computes {Fixed(Avg(HeadlineK, MechanismKind.Race, r => r.ProofsPerRequest), "0.00")} proofs per request, the others exactly 1.");
        if (measured is not null)
        {
            var parts = measured.Runs.Where(r => r.Mechanism == MechanismKind.Race)
                .Select(r => $"{Fixed(r.WastedProofsPerRequest, "0.0")} wasted proofs per request at K={r.K}");
            Line($"On the devnet, with every proof really computed, the race threw away {string.Join(" and ", parts)}; the allocating mechanisms threw away "
                + $"{measured.Runs.Where(r => r.Mechanism != MechanismKind.Race).Sum(r => r.ProofsComputed - r.Fulfilled)}.");
            if (measured.Find(HeadlineK, MechanismKind.Race) is { } mr && measured.Find(HeadlineK, MechanismKind.SealedBid) is { } ms)
            {
                Line($"Measured at K={HeadlineK}, what the racers' proving cost per request (their break-even price when all of them race) is "
                    + $"{Number(mr.BreakEvenPriceWei / ms.MeanPriceWei)}× the sealed-bid clearing price actually paid.");
            }
        }
        Line();
        Line($"Generated {generatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Inv)} UTC by `scripts/bench mechanisms` (`omkt bench mechanisms`) in {elapsed.TotalMinutes.ToString("0.0", Inv)} min. "
            + "Every number and chart below is regenerated by that command.");
        Line();

        Targets(md, sweep, measured);

        Line("## The economic model");
        Line();
        Line($"{c.Requests} requests per mechanism and K ({c.WarmupRequests} of warm-up left out of the figures), K swept over {string.Join(", ", sweep.Ks)}. "
            + $"Each K is run on {sweep.Seeds} independently drawn scenarios (fleet, arrival times, proof times, who is online), each shared by the four mechanisms; "
            + "the sweep table and the charts against K show means over the scenarios, the detailed tables and the latency charts the first scenario.");
        Line();
        Line("Equilibrium price per proof (mean price paid after the warm-up), US$:");
        Line();
        Line("| K | race | sealed-bid | dutch | orderbook | race / sealed-bid |");
        Line("|---:|---:|---:|---:|---:|---:|");
        foreach (var k in sweep.Ks)
        {
            Line($"| {k} | {Usd(Avg(k, MechanismKind.Race, r => r.MeanPriceUsd))} | {Usd(Avg(k, MechanismKind.SealedBid, r => r.MeanPriceUsd))} | {Usd(Avg(k, MechanismKind.Dutch, r => r.MeanPriceUsd))} | {Usd(Avg(k, MechanismKind.Orderbook, r => r.MeanPriceUsd))} | {Number(sweep.PriceRatio(k))} |");
        }
        Line();
        foreach (var k in c.HeadlineK.Where(k => sweep.Ks.Contains(k)))
        {
            Line($"At K={k} (first scenario):");
            Line();
            Line("| mechanism | price / proof | proofs / request | wasted machine-s / request | hardware $ / request | gas / request | latency median / p95 (s) | provers still in | distinct winners | top prover's share | failed |");
            Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var m in MechanismNames.ReportOrder)
            {
                var r = sweep[k, m];
                Line($"| {MechanismNames.Of(m)} | {Usd(r.MeanPriceUsd)} | {Fixed(r.ProofsPerRequest, "0.00")} | {Fixed(r.WastedMachineSecondsPerRequest, "0.0")} | {Usd(r.ProvingCostPerRequestUsd)} | {Fixed(r.GasPerRequest, "#,0")} | {Fixed(r.MedianLatencySeconds, "0")} / {Fixed(r.P95LatencySeconds, "0")} | {r.ProversInMarket} of {r.K} | {r.DistinctWinners} | {Fixed(r.TopProverShare * 100, "0")}% | {Fixed(100.0 * r.Failures / Math.Max(1, r.SteadyRequests), "0.0")}% |");
            }
            Line();
            var race = sweep[k, MechanismKind.Race];
            var top = race.Provers.OrderByDescending(p => p.WinsAfterWarmup).Take(3).Select(p => $"{p.Profile} ({p.MeanProofSeconds.ToString("0", Inv)} s/proof, {p.WinsAfterWarmup} wins)");
            Line($"Race winners at K={k}, most first: {string.Join(", ", top)}.");
            Line();
        }

        Line("![price per proof vs K](mechanisms/price-vs-k.svg)");
        Line();
        Line("![proofs computed per request vs K](mechanisms/proofs-vs-k.svg)");
        Line();
        Line("![hardware spent per request vs K](mechanisms/cost-vs-k.svg)");
        Line();
        Line("![provers still in the market vs K](mechanisms/provers-vs-k.svg)");
        Line();
        Line("![share of the busiest prover vs K](mechanisms/winners-vs-k.svg)");
        Line();
        foreach (var chart in charts.Where(n => n.StartsWith("latency-cdf", StringComparison.Ordinal)))
        {
            Line($"![latency distribution]({ChartFolder}/{chart})");
            Line();
        }

        Line("### Assumptions of the model");
        Line();
        Line($"- **Hardware.** Prover i runs profile i mod {c.Profiles.Count} of `Config/simulation.json` "
            + $"({string.Join(", ", c.Profiles.Select(p => $"{p.Name}: {p.ProofSeconds.ToString("0.#", Inv)} s, ${p.UsdPerHour.ToString("0.00", Inv)}/h"))}), "
            + $"each machine's speed and price moved by up to ±{(c.InstanceSpread * 100).ToString("0", Inv)}%. A proof's time varies log-normally (σ = {c.ProofTimeJitter.ToString("0.##", Inv)}). "
            + "The figures are round numbers for rented 2026 hardware proving one large Groth16 job, not measurements.");
        Line($"- **Demand.** Requests arrive as a Poisson stream, one every {c.MeanInterarrivalSeconds.ToString("0", Inv)} s on average, deadline {c.DeadlineSeconds.ToString("0", Inv)} s. "
            + $"A prover proves one job at a time (declared capacity 1) and is online for a given request with probability {c.Availability.ToString("0.##", Inv)}.");
        Line($"- **Requesters** do not know costs. Under every mechanism they post a maxPrice that starts at {Usd(c.MaxPriceUsd)} and is learned: "
            + $"{(c.MaxPriceStepDown * 100).ToString("0.##", Inv)}% lower after a proved request, raised after a failed one so that about {(c.TargetFailureRate * 100).ToString("0.#", Inv)}% of requests fail. "
            + "A race pays its maxPrice in full (the contract's rule), so in a race this is the price.");
        Line($"- **Sealed-bid provers** bid their expected cost plus their own gas and a {(c.MinMargin * 100).ToString("0", Inv)}% margin (truthful bidding is dominant in a second-price auction). "
            + $"Commit {c.SealedBid.CommitSeconds.ToString("0", Inv)} s, reveal {c.SealedBid.RevealSeconds.ToString("0", Inv)} s; the winner must be free when the auction is finalized; "
            + "an auction with no eligible bid re-opens as a Dutch auction (as the contract does with its fallback).");
        Line($"- **Dutch and orderbook provers** shade their asks: {(c.AskStep * 100).ToString("0", Inv)}% up after a win, down (never below cost plus margin) after a loss. "
            + $"The Dutch ramp runs from {Usd(c.Dutch.MinPriceUsd)} to maxPrice over {c.Dutch.RampSeconds.ToString("0", Inv)} s; a busy prover locks when it comes free. "
            + $"Orderbook asks are re-posted (a transaction) at most every {MarketSimulator.AskRepriceEvery} requests; a request that finds no free ask rests and is taken at its maxPrice by the first prover to come free (the contract's rule: a trade is at the resting order's price).");
        Line($"- **Racers** decide per request: a prover races when its estimated chance of winning times the reward covers its cost. The chance is an exponential average "
            + $"(weight {c.WinRateSmoothing.ToString("0.##", Inv)}) of *would I have won this race?*, which every prover can answer from the chain (the winner's commitment block) and its own speed. "
            + "Every racer proves; the first commitment's reveal, one block later, wins; losers stop when that reveal lands, so their work until then is wasted. "
            + "A busy prover may join a race once its current job ends.");
        Line($"- **Entry and exit.** Each prover looks back over its last {c.ExitWindow} requests every {c.ReviewEvery} (staggered): in the market, it leaves when its profit was negative; "
            + "out of it, it comes back when it would have made a profit (counterfactual, from public outcomes).");
        Line($"- **Gas** at {c.Gas.PriceGwei.ToString("0.###", Inv)} gwei and ${c.Gas.EthUsd.ToString("0", Inv)}/ETH, per action near the protocol's targets "
            + $"(submit {c.Gas.Submit:N0}, commit {c.Gas.CommitBid:N0}, reveal {c.Gas.RevealBid:N0}, finalize {c.Gas.Finalize:N0}, Dutch lock {c.Gas.DutchLock:N0}, ask {c.Gas.PostAsk:N0}, fulfil {c.Gas.Fulfill:N0}, race commit {c.Gas.RaceCommit:N0}). "
            + "Provers price their own gas in; the price column is what the requester pays the prover, gas not included.");
        Line("- **Not modelled:** slashing (an assigned prover always delivers), batching, mempool copying, collusion, MEV, partial availability within a job.");
        Line("- **Clearing rules** are the C# classes in `src/OnchainMarket.Simulation/Mechanisms`, written to mirror the Solidity libraries; `MechanismRulesAnvilTests` runs sampled rounds against the real contracts and compares winner and price.");
        Line();

        if (measured is not null)
        {
            Measured(md, measured);
        }
        else
        {
            Line("## The measured run");
            Line();
            Line("Not run this time (`--skip-measured`).");
            Line();
        }

        Line("## Reproduce");
        Line();
        Line("```");
        Line("scripts/bench mechanisms            # model + measured run, rewrites this file and reports/mechanisms/*.svg");
        Line("scripts/bench mechanisms --skip-measured --config my.json   # the model only, with other parameters");
        Line("```");
        return md.ToString();
    }

    private static void Targets(StringBuilder md, SimulationSweep sweep, MeasuredResults? measured)
    {
        void Line(string text = "") => md.Append(text).Append('\n');
        Line("## Targets");
        Line();
        Line("| target | result | met |");
        Line("|---|---|---|");
        if (measured is not null)
        {
            var allocWaste = measured.Runs.Where(r => r.Mechanism != MechanismKind.Race).Sum(r => r.ProofsComputed - r.Fulfilled);
            Line($"| zero wasted proofs for the allocating mechanisms (measured) | {allocWaste} wasted over {measured.Runs.Where(r => r.Mechanism != MechanismKind.Race).Sum(r => r.Fulfilled)} fulfilled requests | {(allocWaste == 0 ? "yes" : "no")} |");
            foreach (var r in measured.Runs.Where(r => r.Mechanism == MechanismKind.Race))
            {
                var near = Math.Abs(r.WastedProofsPerRequest - (r.K - 1)) <= 0.5;
                Line($"| race wastes about K−1 = {r.K - 1} proofs per request (measured, K={r.K}) | {Fixed(r.WastedProofsPerRequest, "0.00")} | {(near ? "yes" : "no")} |");
            }
        }
        if (measured?.Find(HeadlineK, MechanismKind.Race) is { } raceRun && measured.Find(HeadlineK, MechanismKind.SealedBid) is { } sealedRun)
        {
            var measuredRatio = raceRun.BreakEvenPriceWei / sealedRun.MeanPriceWei;
            Line($"| sealed-bid price ≥ 10× lower than the race's at K={HeadlineK} (measured: race break-even with all K racing vs sealed-bid clearing price) | {Wei(raceRun.BreakEvenPriceWei)} vs {Wei(sealedRun.MeanPriceWei)} wei: {Number(measuredRatio)}× | {(measuredRatio >= 10 ? "yes" : "no")} |");
        }
        var ratio = sweep.PriceRatio(HeadlineK);
        Line($"| sealed-bid price ≥ 10× lower than the race's at K={HeadlineK} (model) | race {Usd(sweep.Mean(HeadlineK, MechanismKind.Race, r => r.MeanPriceUsd))} vs sealed-bid {Usd(sweep.Mean(HeadlineK, MechanismKind.SealedBid, r => r.MeanPriceUsd))}: {Number(ratio)}× | {(ratio >= 10 ? "yes" : "no")} |");
        var raceMedian = sweep.Mean(HeadlineK, MechanismKind.Race, r => r.MedianLatencySeconds);
        var sealedMedian = sweep.Mean(HeadlineK, MechanismKind.SealedBid, r => r.MedianLatencySeconds);
        Line($"| sealed-bid latency ≤ 1.5× the race's median at K={HeadlineK} (model) | {Fixed(sealedMedian, "0")} s vs {Fixed(raceMedian, "0")} s: {Fixed(sealedMedian / raceMedian, "0.0")}× | {(sealedMedian <= 1.5 * raceMedian ? "yes" : "no")} |");
        if (measured?.Find(HeadlineK, MechanismKind.Race) is { } mr && measured.Find(HeadlineK, MechanismKind.SealedBid) is { } ms)
        {
            Line($"| sealed-bid latency ≤ 1.5× the race's median at K={HeadlineK} (measured) | {Fixed(ms.MedianLatencySeconds, "0")} s vs {Fixed(mr.MedianLatencySeconds, "0")} s | {(ms.MedianLatencySeconds <= 1.5 * mr.MedianLatencySeconds ? "yes" : "no")} |");
        }
        Line();
        Line("Why, where a target is missed:");
        Line();
        Line($"- **Price.** In the model, racers are rational: a prover that would lose a race mostly sits it out, so at K={HeadlineK} only {Fixed(sweep.Mean(HeadlineK, MechanismKind.Race, r => r.MeanParticipants), "0.0")} provers race a request on average "
            + $"and {Fixed(sweep.Mean(HeadlineK, MechanismKind.Race, r => r.WastedProofsPerRequest), "0.00")} proofs per request are wasted, not K−1. What a race still costs is (a) the reward has to keep enough racers online for the requesters' failure target "
            + "(a race has no assignment and no collateral, so redundancy is its only liveness), which pays the fastest provers far above their cost, and (b) the fastest prover wins, not the cheapest. "
            + "The ratio therefore tracks the fleet's speed/cost spread and the failure target more than K.");
        Line($"- **Latency.** The race is proved by the fastest machine and needs no auction window; sealed-bid pays for commit and reveal windows and is proved by the cheapest machine, which is slower. "
            + "The Dutch auction's latency is the time the ramp needs to reach an ask: requesters who learn a low maxPrice make that time long.");
        Line("- **Measured latency.** Blocks are mined at least 1 s apart and the sealed-bid request waits out a 2 s commit and a 2 s reveal window before the 1-block finalize, "
            + "so it starts proving about 5 s after submission; the race's fastest prover is done in one second here. With proofs this small the windows dominate; "
            + "with proofs of minutes (the model's), the windows matter less and who proves (the cheapest, not the fastest) matters more.");
        Line("- **Measured waste.** On the devnet every prover proves every race request by construction (that is what the measured race is), so the race wastes K−1 proofs there; the measured run shows the cost of that premise, the model shows what rational racers would do instead.");
        Line();
    }

    private static void Measured(StringBuilder md, MeasuredResults measured)
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
        var errors = measured.Runs.SelectMany(r => r.Requests).Where(r => r.Error is not null).Select(r => r.Error!).Distinct().Take(5).ToArray();
        if (errors.Length > 0)
        {
            Line("Failures seen: " + string.Join("; ", errors.Select(e => $"`{e}`")));
            Line();
        }
        Line("![measured CPU per request](mechanisms/measured-cpu.svg)");
        Line();
        Line("![measured median latency](mechanisms/measured-latency.svg)");
        Line();
        Line("![measured p95 latency](mechanisms/measured-latency-p95.svg)");
        Line();
        Line("![measured gas per request](mechanisms/measured-gas.svg)");
        Line();
        Line("Every measured request (prover, price, latency, proofs, CPU, gas, rule check) is in [mechanisms/measured.json](mechanisms/measured.json).");
        Line();
        Line($"The measured run took {measured.Elapsed.TotalMinutes.ToString("0.0", Inv)} min.");
        Line();
    }
}
