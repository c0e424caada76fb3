using System.Globalization;
using System.Text;
using OnchainMarket.Dashboard;
using Spectre.Console;

namespace OnchainMarket.Cli.Commands.Stats;

/// <summary>
/// `omkt stats --chart`: the two most asked-for series for people without a browser — clearing price over time
/// (one sparkline per circuit and mechanism, on one scale) and seconds to assignment and to proof per mechanism.
/// </summary>
internal static class StatsCharts
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    public static void Print(DashboardData data, int width)
    {
        AnsiConsole.MarkupLine("[bold]Clearing price over time[/] (ETH; one column per time slice, its median trade)");
        if (data.Prices.Count == 0)
        {
            AnsiConsole.MarkupLine("[grey]  no trades yet[/]");
        }
        else
        {
            var columns = Math.Clamp(width - 48, 10, 80);
            var first = data.Prices.Min(p => p.At);
            var last = data.Prices.Max(p => p.At);
            var top = data.Prices.Max(p => p.Price);
            foreach (var series in data.Prices.GroupBy(p => $"{p.Circuit} {p.Mechanism}").OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var line = Sparkline(series.ToList(), first, last, top, columns);
                var low = series.Min(p => p.Price);
                var high = series.Max(p => p.Price);
                AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {series.Key,-24} {line} {SvgChart.Format(low)}–{SvgChart.Format(high)} ({series.Count()} trades)"));
            }
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"",-24} {first:HH:mm:ss} … {last:HH:mm:ss} UTC, full block = {SvgChart.Format(top)} ETH"));
        }

        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLine("[bold]Seconds to assignment and to proof[/] (p50 / p95 per mechanism)");
        if (data.Latencies.Count == 0)
        {
            AnsiConsole.MarkupLine("[grey]  no assignments yet[/]");
            return;
        }
        var chart = new BarChart { Width = Math.Clamp(width - 4, 40, 120) };
        foreach (var row in data.Latencies)
        {
            chart.AddItem($"{row.Mechanism} assign p50", Math.Round(row.AssignP50, 1), Color.Blue);
            chart.AddItem($"{row.Mechanism} assign p95", Math.Round(row.AssignP95, 1), Color.Navy);
            if (row.ProofP50 is { } p50 && row.ProofP95 is { } p95)
            {
                chart.AddItem($"{row.Mechanism} proof p50", Math.Round(p50, 1), Color.Green);
                chart.AddItem($"{row.Mechanism} proof p95", Math.Round(p95, 1), Color.DarkGreen);
            }
        }
        AnsiConsole.Write(chart);
    }

    /// <summary>One block character per time slice: the slice's median price on the common scale, a space where nothing traded.</summary>
    internal static string Sparkline(IReadOnlyList<PricePoint> points, DateTime first, DateTime last, double top, int columns)
    {
        var span = Math.Max((last - first).TotalSeconds, 1e-9);
        var slices = new List<double>[columns];
        foreach (var point in points)
        {
            var slice = (int)Math.Min(columns - 1, (point.At - first).TotalSeconds / span * columns);
            (slices[slice] ??= []).Add(point.Price);
        }
        var line = new StringBuilder(columns);
        foreach (var slice in slices)
        {
            if (slice is null)
            {
                line.Append(' ');
                continue;
            }
            slice.Sort();
            var median = slice[slice.Count / 2];
            var level = top > 0 ? (int)Math.Round(median / top * (Blocks.Length - 1)) : 0;
            line.Append(Blocks[Math.Clamp(level, 0, Blocks.Length - 1)]);
        }
        return line.ToString();
    }
}
