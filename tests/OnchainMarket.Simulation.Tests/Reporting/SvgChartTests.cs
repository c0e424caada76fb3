using System.Xml.Linq;
using OnchainMarket.Simulation.Reporting;
using Xunit;

namespace OnchainMarket.Simulation.Tests.Reporting;

public sealed class SvgChartTests
{
    [Fact]
    public void A_line_chart_is_well_formed_svg_with_one_path_per_series_and_a_legend()
    {
        var svg = SvgChart.Line("Price <per> proof", "K", "US$", [
            new ChartSeries("race", [(2, 0.1), (10, 0.05), (20, 0.04)]),
            new ChartSeries("sealed & bid", [(2, 0.02), (10, 0.01), (20, double.NaN)]),
        ], logY: true);

        var doc = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(2, doc.Descendants(ns + "path").Count());
        var texts = doc.Descendants(ns + "text").Select(t => t.Value).ToArray();
        Assert.Contains("Price <per> proof", texts);
        Assert.Contains("sealed & bid", texts);
    }

    [Fact]
    public void A_bar_chart_draws_one_bar_per_value_and_skips_gaps()
    {
        var svg = SvgChart.Bars("Gas", "gas", ["K=3", "K=10"], ["race", "dutch"], [[100, 200], [50, double.NaN]]);

        XNamespace ns = "http://www.w3.org/2000/svg";
        var bars = XDocument.Parse(svg).Descendants(ns + "rect").Count(r => r.Element(ns + "title") is not null);
        Assert.Equal(3, bars);
    }

    [Fact]
    public void A_chart_without_data_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SvgChart.Line("empty", "x", "y", [new ChartSeries("a", [(1, double.NaN)])]));
        Assert.Throws<ArgumentException>(() => SvgChart.Bars("mismatch", "y", ["a"], ["s"], [[1, 2]]));
    }
}
