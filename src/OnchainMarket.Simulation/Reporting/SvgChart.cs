using System.Globalization;
using System.Text;

namespace OnchainMarket.Simulation.Reporting;

/// <summary>
/// A small SVG writer for the report's charts: line charts (optionally with a logarithmic y axis)
/// and grouped bar charts, with axes, ticks, a legend and a title. Self-contained SVG 1.1, no
/// scripts or external fonts, so it renders on GitHub and in any browser.
/// </summary>
public static class SvgChart
{
    private const int Width = 720;
    private const int Height = 420;
    private const int Left = 78;
    private const int Right = 170;
    private const int Top = 44;
    private const int Bottom = 56;

    /// <summary>Colour per series, chosen to stay apart for common colour blindness (Okabe-Ito).</summary>
    private static readonly string[] Palette = ["#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

    /// <summary>A line chart. NaN or (with <paramref name="logY"/>) non-positive y values are skipped.</summary>
    public static string Line(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series, bool logY = false)
    {
        var points = series.SelectMany(s => s.Points).Where(p => Usable(p.Y, logY) && double.IsFinite(p.X)).ToArray();
        if (points.Length == 0)
        {
            throw new ArgumentException($"chart '{title}' has no points to draw", nameof(series));
        }
        var (xMin, xMax) = Range(points.Select(p => p.X), includeZero: false);
        var (yMin, yMax) = logY ? LogRange(points.Select(p => p.Y)) : Range(points.Select(p => p.Y), includeZero: true);
        double X(double x) => Left + ((x - xMin) / (xMax - xMin) * PlotWidth);
        double Y(double y) => logY
            ? Top + PlotHeight - ((Math.Log10(y) - Math.Log10(yMin)) / (Math.Log10(yMax) - Math.Log10(yMin)) * PlotHeight)
            : Top + PlotHeight - ((y - yMin) / (yMax - yMin) * PlotHeight);

        var svg = Begin(title);
        Axes(svg, xLabel, yLabel);
        foreach (var tick in Ticks(xMin, xMax))
        {
            XTick(svg, X(tick), Format(tick));
        }
        foreach (var tick in logY ? LogTicks(yMin, yMax) : Ticks(yMin, yMax))
        {
            YTick(svg, Y(tick), Format(tick));
        }
        for (var i = 0; i < series.Count; i++)
        {
            var colour = Palette[i % Palette.Length];
            var usable = series[i].Points.Where(p => Usable(p.Y, logY) && double.IsFinite(p.X)).OrderBy(p => p.X).ToArray();
            if (usable.Length > 1)
            {
                var path = string.Join(" ", usable.Select((p, n) => $"{(n == 0 ? 'M' : 'L')}{N(X(p.X))},{N(Y(p.Y))}"));
                svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>\n");
            }
            if (usable.Length <= 40)
            {
                foreach (var p in usable)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(p.X))}\" cy=\"{N(Y(p.Y))}\" r=\"3\" fill=\"{colour}\"/>\n");
                }
            }
            Legend(svg, i, series[i].Name, colour);
        }
        return End(svg);
    }

    /// <summary>
    /// A grouped bar chart: one group per category, one bar per series in each group.
    /// <paramref name="values"/>[series][category]; NaN leaves a gap.
    /// </summary>
    public static string Bars(string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<string> seriesNames, IReadOnlyList<IReadOnlyList<double>> values, bool logY = false)
    {
        if (categories.Count == 0 || seriesNames.Count == 0 || values.Count != seriesNames.Count || values.Any(v => v.Count != categories.Count))
        {
            throw new ArgumentException($"chart '{title}': values must be [series][category] matching the names given", nameof(values));
        }
        var all = values.SelectMany(v => v).Where(v => Usable(v, logY)).ToArray();
        if (all.Length == 0)
        {
            throw new ArgumentException($"chart '{title}' has no values to draw", nameof(values));
        }
        var (yMin, yMax) = logY ? LogRange(all) : Range(all, includeZero: true);
        double Y(double y) => logY
            ? Top + PlotHeight - ((Math.Log10(y) - Math.Log10(yMin)) / (Math.Log10(yMax) - Math.Log10(yMin)) * PlotHeight)
            : Top + PlotHeight - ((y - yMin) / (yMax - yMin) * PlotHeight);

        var svg = Begin(title);
        Axes(svg, "", yLabel);
        foreach (var tick in logY ? LogTicks(yMin, yMax) : Ticks(yMin, yMax))
        {
            YTick(svg, Y(tick), Format(tick));
        }
        var group = PlotWidth / categories.Count;
        var bar = group * 0.8 / seriesNames.Count;
        for (var c = 0; c < categories.Count; c++)
        {
            var groupLeft = Left + (c * group) + (group * 0.1);
            XTick(svg, groupLeft + (group * 0.4), categories[c]);
            for (var s = 0; s < seriesNames.Count; s++)
            {
                var v = values[s][c];
                if (!Usable(v, logY))
                {
                    continue;
                }
                var top = Y(v);
                var baseline = Y(yMin);
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{N(groupLeft + (s * bar))}\" y=\"{N(top)}\" width=\"{N(bar * 0.92)}\" height=\"{N(Math.Max(0.5, baseline - top))}\" fill=\"{Palette[s % Palette.Length]}\"><title>{Escape(seriesNames[s])} {Escape(categories[c])}: {Format(v)}</title></rect>\n");
            }
        }
        for (var s = 0; s < seriesNames.Count; s++)
        {
            Legend(svg, s, seriesNames[s], Palette[s % Palette.Length]);
        }
        return End(svg);
    }

    /// <summary>
    /// A stacked bar chart: one bar per category, one segment per part stacked from the axis up.
    /// <paramref name="values"/>[part][category]; NaN and negative parts draw nothing (a tooltip still names them).
    /// </summary>
    public static string StackedBars(string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<string> partNames, IReadOnlyList<IReadOnlyList<double>> values)
    {
        if (categories.Count == 0 || partNames.Count == 0 || values.Count != partNames.Count || values.Any(v => v.Count != categories.Count))
        {
            throw new ArgumentException($"chart '{title}': values must be [part][category] matching the names given", nameof(values));
        }
        static double Drawn(double v) => double.IsFinite(v) && v > 0 ? v : 0;
        var totals = Enumerable.Range(0, categories.Count).Select(c => values.Sum(part => Drawn(part[c]))).ToArray();
        if (totals.All(t => t <= 0))
        {
            throw new ArgumentException($"chart '{title}' has no values to draw", nameof(values));
        }
        var (yMin, yMax) = Range(totals, includeZero: true);
        double Y(double y) => Top + PlotHeight - ((y - yMin) / (yMax - yMin) * PlotHeight);

        var svg = Begin(title);
        Axes(svg, "", yLabel);
        foreach (var tick in Ticks(yMin, yMax))
        {
            YTick(svg, Y(tick), Format(tick));
        }
        var group = PlotWidth / categories.Count;
        for (var c = 0; c < categories.Count; c++)
        {
            var left = Left + (c * group) + (group * 0.15);
            XTick(svg, left + (group * 0.35), categories[c]);
            var below = 0.0;
            for (var s = 0; s < partNames.Count; s++)
            {
                var v = Drawn(values[s][c]);
                var top = Y(below + v);
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{N(left)}\" y=\"{N(top)}\" width=\"{N(group * 0.7)}\" height=\"{N(Y(below) - top)}\" fill=\"{Palette[s % Palette.Length]}\"><title>{Escape(partNames[s])} {Escape(categories[c])}: {Format(values[s][c])}</title></rect>\n");
                below += v;
            }
        }
        for (var s = 0; s < partNames.Count; s++)
        {
            Legend(svg, s, partNames[s], Palette[s % Palette.Length]);
        }
        return End(svg);
    }

    private static double PlotWidth => Width - Left - Right;

    private static double PlotHeight => Height - Top - Bottom;

    private static bool Usable(double y, bool logY) => double.IsFinite(y) && (!logY || y > 0);

    private static StringBuilder Begin(string title)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{Escape(title)}</text>\n");
        return svg;
    }

    private static string End(StringBuilder svg) => svg.Append("</svg>\n").ToString();

    private static void Axes(StringBuilder svg, string xLabel, string yLabel)
    {
        var bottom = Top + PlotHeight;
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{N(bottom)}\" x2=\"{N(Left + PlotWidth)}\" y2=\"{N(bottom)}\" stroke=\"#333\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{N(bottom)}\" stroke=\"#333\"/>\n");
        if (xLabel.Length > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left + (PlotWidth / 2))}\" y=\"{Height - 14}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"18\" y=\"{N(Top + (PlotHeight / 2))}\" text-anchor=\"middle\" transform=\"rotate(-90 18 {N(Top + (PlotHeight / 2))})\">{Escape(yLabel)}</text>\n");
    }

    private static void XTick(StringBuilder svg, double x, string label)
    {
        var bottom = Top + PlotHeight;
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x)}\" y1=\"{N(bottom)}\" x2=\"{N(x)}\" y2=\"{N(bottom + 5)}\" stroke=\"#333\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(bottom + 19)}\" text-anchor=\"middle\">{Escape(label)}</text>\n");
    }

    private static void YTick(StringBuilder svg, double y, string label)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left - 5}\" y1=\"{N(y)}\" x2=\"{N(Left + PlotWidth)}\" y2=\"{N(y)}\" stroke=\"#ddd\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{N(y + 4)}\" text-anchor=\"end\">{Escape(label)}</text>\n");
    }

    private static void Legend(StringBuilder svg, int index, string name, string colour)
    {
        var x = Left + PlotWidth + 16;
        var y = Top + 10 + (index * 20);
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{y - 9}\" width=\"14\" height=\"10\" fill=\"{colour}\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + 20)}\" y=\"{y}\">{Escape(name)}</text>\n");
    }

    private static (double Min, double Max) Range(IEnumerable<double> values, bool includeZero)
    {
        var list = values.ToArray();
        var min = list.Min();
        var max = list.Max();
        if (includeZero)
        {
            min = Math.Min(0, min);
        }
        if (max - min < 1e-12)
        {
            max = min + (Math.Abs(min) > 0 ? Math.Abs(min) : 1);
        }
        // Round outwards to the tick step, so the last tick sits on the frame.
        var step = NiceStep((max - min) / 5);
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step);
    }

    private static (double Min, double Max) LogRange(IEnumerable<double> values)
    {
        var list = values.ToArray();
        var min = Math.Pow(10, Math.Floor(Math.Log10(list.Min())));
        var max = Math.Pow(10, Math.Ceiling(Math.Log10(list.Max())));
        return max <= min ? (min, min * 10) : (min, max);
    }

    private static IEnumerable<double> Ticks(double min, double max)
    {
        var step = NiceStep((max - min) / 5);
        for (var t = Math.Ceiling(min / step) * step; t <= max + (step * 1e-9); t += step)
        {
            yield return Math.Abs(t) < step * 1e-9 ? 0 : t;
        }
    }

    private static IEnumerable<double> LogTicks(double min, double max)
    {
        for (var t = min; t <= max * 1.0001; t *= 10)
        {
            yield return t;
        }
    }

    private static double NiceStep(double raw)
    {
        if (raw <= 0 || !double.IsFinite(raw))
        {
            return 1;
        }
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var fraction = raw / magnitude;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
    }

    /// <summary>A tick or value label: few significant digits, no exponent for everyday sizes.</summary>
    public static string Format(double v)
    {
        var a = Math.Abs(v);
        if (a == 0)
        {
            return "0";
        }
        if (a >= 1e6 || a < 1e-4)
        {
            return v.ToString("0.##E+0", CultureInfo.InvariantCulture);
        }
        if (a >= 100)
        {
            return v.ToString("#,0", CultureInfo.InvariantCulture);
        }
        return v.ToString(a >= 1 ? "0.##" : "0.####", CultureInfo.InvariantCulture);
    }

    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
