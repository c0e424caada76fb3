using System.Globalization;
using System.Text;
using OnchainMarket.Simulation.Economics;

namespace OnchainMarket.Simulation.Reporting;

/// <summary>The report's price–latency frontier: its charts, the swept settings, and prices read at equal latency.</summary>
internal static class FrontierSection
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The arms on the frontier, in the order of the tables' columns.</summary>
    private static readonly Arm[] Arms = [Arm.RaceAll, Arm.RaceRational, Arm.SealedBid, Arm.Dutch, Arm.Orderbook];

    private static string Seconds(double v) => MechanismReport.Fixed(v, v >= 100 ? "0" : "0.0");

    private static string Setting(FrontierPoint p) => double.IsNaN(p.Setting) ? "—" : $"{p.Setting.ToString("0", Inv)} s";

    public static void WriteCharts(string folder, LatencyFrontier frontier)
    {
        foreach (var (name, latency) in new (string, Func<FrontierPoint, Interval>)[] { ("p50", p => p.P50), ("p95", p => p.P95) })
        {
            var series = Arms.Select(arm => new ChartSeries(arm.Name,
                [.. frontier.FaultFree.Where(p => p.Arm == arm).Select(p => (latency(p).Mean, p.RequesterCost.Mean))])).ToArray();
            File.WriteAllText(Path.Combine(folder, $"frontier-{name}-k{frontier.K}.svg"), SvgChart.Line(
                $"Requester cost against {name} latency, K={frontier.K}: Dutch ramps and sealed-bid windows swept (model)",
                $"{name} submission-to-verified latency (s)", "US$ per proved request (log)", series, logY: true));
        }
    }

    public static void Write(StringBuilder md, LatencyFrontier frontier, int seeds)
    {
        void Line(string text = "") => md.Append(text).Append('\n');
        Line("## Price–latency frontier");
        Line();
        Line($"At K={frontier.K}, on the main sweep's {seeds} scenarios, the settings that trade price for latency are swept: the Dutch ramp (a longer ramp lets each prover lock nearer its own ask, and makes everyone wait for it) "
            + "and the sealed-bid commit and reveal windows (each set to the value shown). A race has no such window: its latency is the fastest free racer's proof, so it is one point per regime; "
            + "the orderbook matches at submission when an ask rests, so it is one point too (its acceptance window is a release window, which only a prover that gives a job back uses; the model's provers never do). "
            + $"Charts: [p50](mechanisms/frontier-p50-k{frontier.K}.svg), [p95](mechanisms/frontier-p95-k{frontier.K}.svg).");
        Line();
        Line($"![p95 frontier](mechanisms/frontier-p95-k{frontier.K}.svg)");
        Line();
        Line("| arm | swept | setting | price (95 % CI) | requester cost (95 % CI) | latency p50 (s) | latency p95 (s) | failed | re-opened |");
        Line("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in frontier.FaultFree)
        {
            Line($"| {p.Arm.Name} | {p.Knob} | {Setting(p)} | {MechanismReport.UsdCi(p.Price)} | {MechanismReport.UsdCi(p.RequesterCost)} | {Seconds(p.P50.Mean)} | {Seconds(p.P95.Mean)} | {MechanismReport.Fixed(100 * p.FailureRate.Mean, "0.0")}% | {MechanismReport.Fixed(100 * p.ReopenedShare.Mean, "0")}% |");
        }
        Line();
        Line("*Re-opened*: the share of requests that went through a re-opened Dutch auction. For the sealed-bid auction that is the contract's fallback when no bid is valid: "
            + "requesters learn the lowest maxPrice that still gets their requests proved, and since a Dutch re-open proves them too, that maxPrice settles below most sealed bids "
            + "(which carry their commit-and-reveal gas over the bidder's win rate), so the sealed-bid arm's latency is mostly the re-open's ramp, not its windows.");
        Line();
        foreach (var (name, latency, targets) in new (string, Func<FrontierPoint, Interval>, IReadOnlyList<double>)[]
                 {
                     ("p50", p => p.P50, frontier.Targets.P50),
                     ("p95", p => p.P95, frontier.Targets.P95),
                 })
        {
            Line($"**Requester cost at equal {name} latency**: for each target, the cheapest swept setting of each arm whose mean {name} is within it (its setting in brackets; — when no setting is that fast).");
            Line();
            Line($"| {name} ≤ | {string.Join(" | ", Arms.Select(a => a.Name))} | race rational / cheapest allocating |");
            Line($"|---:|{string.Concat(Arms.Select(_ => "---:|"))}---:|");
            foreach (var target in targets)
            {
                var cells = Arms.Select(a => frontier.CheapestWithin(a, latency, target)).ToArray();
                var allocating = cells.Where((c, i) => c is not null && Arms[i].Mechanism != Mechanisms.MechanismKind.Race).MinBy(c => c!.RequesterCost.Mean);
                var race = cells[Array.IndexOf(Arms, Arm.RaceRational)];
                var ratio = race is not null && allocating is not null ? Interval.Geometric(race.Runs.Zip(allocating.Runs, (x, y) => x.RequesterOutlayPerRequestUsd / y.RequesterOutlayPerRequestUsd)) : Interval.None;
                Line($"| {target.ToString("0", Inv)} s | {string.Join(" | ", cells.Select(c => c is null ? "—" : $"{MechanismReport.Usd(c.RequesterCost.Mean)} ({Setting(c)})"))} | {(double.IsFinite(ratio.Mean) ? MechanismReport.Ci(ratio) : "n/a")} |");
            }
            Line();
        }
        var dropout = frontier.UnderDropout.ToArray();
        if (dropout.Length > 0)
        {
            Line($"**Proving window under {(dropout[0].Fault.Dropout * 100).ToString("0.#", Inv)} % dropout.** A dropped job is slashed only after its proving window and then re-opened, and the slashed operator cools down. "
                + "Read the p95/p99 with the window: where they sit far above it, what the tail waits for is a free eligible prover for the re-open (slashed ones are cooling down), not the window itself; "
                + "a longer window keeps a dropped job, and its operator, out longer, which the cost column shows. The model's honest provers are always fast enough for the windows swept.");
            Line();
            Line("| arm | proving window | requester cost (95 % CI) | p50 / p95 / p99 (s) | failed | re-opened |");
            Line("|---|---:|---:|---:|---:|---:|");
            foreach (var p in dropout)
            {
                Line($"| {p.Arm.Name} | {Setting(p)} | {MechanismReport.UsdCi(p.RequesterCost)} | {Seconds(p.P50.Mean)} / {Seconds(p.P95.Mean)} / {Seconds(p.P99.Mean)} | {MechanismReport.Fixed(100 * p.FailureRate.Mean, "0.0")}% | {MechanismReport.Fixed(100 * p.ReopenedShare.Mean, "0")}% |");
            }
            Line();
        }
    }
}
