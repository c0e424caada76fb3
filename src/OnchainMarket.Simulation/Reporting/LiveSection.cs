using System.Globalization;
using System.Text;
using OnchainMarket.Simulation.Measured;
using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Reporting;

/// <summary>The measured run's live phase: Poisson arrivals on a devnet that mines on the wall clock.</summary>
internal static class LiveSection
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string Fixed(double v, string format) => double.IsFinite(v) ? v.ToString(format, Inv) : "n/a";

    private static string Wei(double v) => double.IsFinite(v) ? v.ToString("0.00E+0", Inv) : "n/a";

    public static void Write(StringBuilder md, MeasuredResults measured)
    {
        void Line(string text = "") => md.Append(text).Append('\n');
        Line("**Live.** Requests open at a submission: how many of the mechanism's earlier requests were still unproved when it was sent. "
            + "*Machine-s wasted* is the simulated hardware time that proved nothing (racers stopped by the close, or finishing after it), as a share of all machine time on the requests. "
            + "*Reverted* transactions (a lock another prover's landed before, a commit or reveal after the close) are counted apart; their gas is not in the gas column.");
        Line();
        Line("| K | mechanism | fulfilled | failed | open at a submission: mean / max | latency p50 / p95 / max (wall s) | proofs computed / request | machine-s wasted | mean price paid (wei) | break-even price (wei) | gas / fulfilled | reverted |");
        Line("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in measured.LiveRuns.OrderBy(r => r.K).ThenBy(r => MechanismNames.ReportOrder.ToList().IndexOf(r.Mechanism)))
        {
            var wasted = r.MachineSeconds > 0 ? r.WastedMachineSeconds / r.MachineSeconds : double.NaN;
            Line($"| {r.K} | {MechanismNames.Of(r.Mechanism)} | {r.Fulfilled} | {r.Failures} | {Fixed(r.MeanOpenAtSubmit, "0.0")} / {r.MaxOpenAtSubmit} | "
                + $"{Fixed(r.MedianLatencySeconds, "0.0")} / {Fixed(r.P95LatencySeconds, "0.0")} / {Fixed(r.MaxLatencySeconds, "0.0")} | "
                + $"{Fixed(r.Fulfilled == 0 ? double.NaN : (double)r.ProofsComputed / r.Fulfilled, "0.00")} | {Fixed(wasted * 100, "0")} % | {Wei(r.MeanPriceWei)} | {Wei(r.BreakEvenPriceWei)} | {Fixed(r.GasPerFulfilled, "#,0")} | {r.Reverted} |");
        }
        Line();
        var errors = measured.LiveRuns.SelectMany(r => r.Requests).Where(q => q.Error is not null)
            .GroupBy(q => (q.K, q.Mechanism, q.Error)).Select(g => $"K={g.Key.K} {MechanismNames.Of(g.Key.Mechanism)}: {g.Count()}× `{g.Key.Error}`").Take(8).ToArray();
        if (errors.Length > 0)
        {
            Line("Live failures: " + string.Join("; ", errors) + ".");
            Line();
        }
    }
}
