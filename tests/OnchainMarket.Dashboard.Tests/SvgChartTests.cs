using System.Globalization;
using System.Xml.Linq;
using Xunit;

namespace OnchainMarket.Dashboard.Tests;

/// <summary>The server-drawn charts, read back as SVG.</summary>
public sealed class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void A_legend_longer_than_one_row_wraps_inside_the_chart_and_the_chart_grows_to_hold_it()
    {
        // Given six series with names as long as "circuit-id mechanism" (the price chart during a demo run)
        var at = new DateTime(2026, 12, 2, 15, 0, 0, DateTimeKind.Utc);
        var series = Enumerable.Range(0, 6)
            .Select(i => ($"0x70b9c28{i} orderbook", (IReadOnlyList<(DateTime, double)>)[(at.AddSeconds(i), 0.001 * (i + 1))]))
            .ToList();

        // When it is drawn
        var chart = XElement.Parse(SvgChart.Timeline(series, "ETH"));

        // Then every legend name ends inside the view box, on more than one row, and the box is taller than one row needs
        var viewBox = chart.Attribute("viewBox")!.Value.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var legend = chart.Elements(Svg + "text").Where(t => t.Value.Contains("orderbook", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, legend.Count);
        foreach (var name in legend)
        {
            var right = double.Parse(name.Attribute("x")!.Value, CultureInfo.InvariantCulture) + name.Value.Length * 6.2;
            Assert.True(right <= viewBox[2], $"'{name.Value}' ends at {right}, past the chart's width {viewBox[2]}");
            Assert.True(double.Parse(name.Attribute("y")!.Value, CultureInfo.InvariantCulture) <= viewBox[3], $"'{name.Value}' is below the chart");
        }
        Assert.True(legend.Select(t => t.Attribute("y")!.Value).Distinct().Count() > 1, "the legend did not wrap");
        Assert.True(viewBox[3] > 240, "the chart did not grow to hold the second legend row");
        Assert.Equal(6, chart.Elements(Svg + "circle").Count());
    }
}
