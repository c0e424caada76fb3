using System.Globalization;
using System.Net;
using System.Text;

namespace OnchainMarket.Dashboard;

/// <summary>
/// Charts drawn on the server as inline SVG: no script, no bundle, nothing fetched at run time. Every data point is
/// an element of class <c>mark</c> with a <c>title</c> naming its value, so a reader hovering it (and a test) can
/// tell what is drawn.
/// </summary>
public static class SvgChart
{
    private const int Width = 560;
    private const int Height = 240;
    private const int Left = 64;
    private const int Right = 16;
    private const int Top = 16;
    private const int Bottom = 44;
    private const int LegendRowHeight = 14;

    /// <summary>Width of one character of an 11 px label, generously: a legend entry is laid out from its length.</summary>
    private const double LegendCharWidth = 6.2;

    private static readonly string[] Palette = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];

    /// <summary>One bar per category for each series (grouped), on a scale from zero.</summary>
    public static string Bars(IReadOnlyList<string> categories, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, string unit)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        var svg = Open();
        if (categories.Count == 0 || series.Count == 0)
        {
            return Empty(svg);
        }
        var max = Math.Max(series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max(), 1e-12);
        var scale = NiceMax(max);
        Axis(svg, 0, scale, unit);
        var plotWidth = Width - Left - Right;
        var slot = (double)plotWidth / categories.Count;
        var barWidth = Math.Max(2, slot * 0.8 / series.Count);
        for (var c = 0; c < categories.Count; c++)
        {
            for (var s = 0; s < series.Count; s++)
            {
                var value = series[s].Values[c];
                var height = value / scale * (Height - Top - Bottom);
                var x = Left + c * slot + slot * 0.1 + s * barWidth;
                svg.Append(Invariant($"<rect class=\"mark\" x=\"{x:0.#}\" y=\"{Height - Bottom - height:0.#}\" width=\"{barWidth:0.#}\" height=\"{Math.Max(height, 0.5):0.#}\" fill=\"{Palette[s % Palette.Length]}\">"))
                    .Append("<title>").Append(Text($"{categories[c]} · {series[s].Name}: {Format(value)} {unit}")).Append("</title></rect>");
            }
            svg.Append(Invariant($"<text x=\"{Left + (c + 0.5) * slot:0.#}\" y=\"{Height - Bottom + 14}\" text-anchor=\"middle\" class=\"label\">"))
                .Append(Text(Shorten(categories[c], (int)(slot / 6.5)))).Append("</text>");
        }
        Legend(svg, series.Select(s => s.Name).ToList());
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Points over time, one coloured series each (a line joins a series' points).</summary>
    public static string Timeline(IReadOnlyList<(string Name, IReadOnlyList<(DateTime At, double Value)> Points)> series, string unit)
    {
        ArgumentNullException.ThrowIfNull(series);
        var svg = Open();
        var points = series.SelectMany(s => s.Points).ToList();
        if (points.Count == 0)
        {
            return Empty(svg);
        }
        var scale = NiceMax(Math.Max(points.Max(p => p.Value), 1e-12));
        var first = points.Min(p => p.At);
        var last = points.Max(p => p.At);
        var span = Math.Max((last - first).TotalSeconds, 1);
        Axis(svg, 0, scale, unit);
        double X(DateTime at) => Left + (at - first).TotalSeconds / span * (Width - Left - Right);
        double Y(double value) => Height - Bottom - value / scale * (Height - Top - Bottom);
        for (var s = 0; s < series.Count; s++)
        {
            var colour = Palette[s % Palette.Length];
            var ordered = series[s].Points.OrderBy(p => p.At).ToList();
            if (ordered.Count > 1)
            {
                svg.Append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").Append(colour).Append("\" points=\"")
                    .AppendJoin(' ', ordered.Select(p => Invariant($"{X(p.At):0.#},{Y(p.Value):0.#}"))).Append("\"/>");
            }
            foreach (var (at, value) in ordered)
            {
                svg.Append(Invariant($"<circle class=\"mark\" cx=\"{X(at):0.#}\" cy=\"{Y(value):0.#}\" r=\"3.5\" fill=\"{colour}\">"))
                    .Append("<title>").Append(Text($"{series[s].Name} at {at:HH:mm:ss}: {Format(value)} {unit}")).Append("</title></circle>");
            }
        }
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"{Height - Bottom + 14}\" class=\"label\">{first:HH:mm:ss}</text>"));
        svg.Append(Invariant($"<text x=\"{Width - Right}\" y=\"{Height - Bottom + 14}\" text-anchor=\"end\" class=\"label\">{last:HH:mm:ss} UTC</text>"));
        Legend(svg, series.Select(s => s.Name).ToList());
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A value with three significant digits, without exponent for everyday magnitudes.</summary>
    public static string Format(double value) => value switch
    {
        0 => "0",
        >= 1000 or <= -1000 => value.ToString("#,0", CultureInfo.InvariantCulture),
        _ => value.ToString("G3", CultureInfo.InvariantCulture),
    };

    private static StringBuilder Open() => new StringBuilder()
        .Append(Invariant($"<svg viewBox=\"0 0 {Width} {Height}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">"));

    private static string Empty(StringBuilder svg) =>
        svg.Append(Invariant($"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" class=\"empty\">no data yet</text></svg>")).ToString();

    private static void Axis(StringBuilder svg, double low, double high, string unit)
    {
        for (var i = 0; i <= 4; i++)
        {
            var value = low + (high - low) * i / 4;
            var y = Height - Bottom - (double)i / 4 * (Height - Top - Bottom);
            svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" class=\"grid\"/>"));
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" class=\"label\">{Format(value)}</text>"));
        }
        svg.Append(Invariant($"<text x=\"4\" y=\"{Top - 4}\" class=\"label\">")).Append(Text(unit)).Append("</text>");
    }

    /// <summary>
    /// One swatch and name per series, wrapped onto further rows below the chart (which grows to hold them) rather
    /// than running off its right edge: a chart with several circuits × mechanisms has more names than one row holds.
    /// </summary>
    private static void Legend(StringBuilder svg, IReadOnlyList<string> names)
    {
        if (names.Count < 2)
        {
            return;
        }
        var x = (double)Left;
        var row = 0;
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            var width = 24 + name.Length * LegendCharWidth;
            if (x > Left && x + width - 10 > Width - Right)
            {
                x = Left;
                row++;
            }
            var y = Height - 18 + row * LegendRowHeight;
            svg.Append(Invariant($"<rect x=\"{x:0.#}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"{Palette[i % Palette.Length]}\"/>"));
            svg.Append(Invariant($"<text x=\"{x + 14:0.#}\" y=\"{y + 9}\" class=\"label\">")).Append(Text(name)).Append("</text>");
            x += width;
        }
        if (row > 0)
        {
            svg.Replace(Invariant($"viewBox=\"0 0 {Width} {Height}\""), Invariant($"viewBox=\"0 0 {Width} {Height + row * LegendRowHeight}\""));
        }
    }

    /// <summary>Rounds up to 1, 2 or 5 times a power of ten, so the axis reads in round numbers.</summary>
    private static double NiceMax(double value)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (value <= step * power)
            {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static string Shorten(string text, int max) => text.Length <= Math.Max(4, max) ? text : text[..Math.Max(3, max - 1)] + "…";

    private static string Text(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
