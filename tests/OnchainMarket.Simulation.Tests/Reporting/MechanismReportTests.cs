using System.Globalization;
using System.Text.RegularExpressions;
using OnchainMarket.Simulation.Economics;
using MechanismKind = OnchainMarket.Simulation.Mechanisms.MechanismKind;
using OnchainMarket.Simulation.Reporting;
using OnchainMarket.Simulation.Tests.Economics;
using Xunit;

namespace OnchainMarket.Simulation.Tests.Reporting;

public sealed partial class MechanismReportTests
{
    [Fact]
    public void The_report_starts_with_the_headline_ratio_and_links_charts_that_exist()
    {
        var config = TinyConfig.Create(300) with { KSweep = [3, 10], HeadlineK = [3, 10] };
        var sweep = SimulationSweep.Run(config);
        var dir = Path.Combine(Path.GetTempPath(), $"omkt-report-{Guid.NewGuid():N}");
        try
        {
            var path = MechanismReport.Write(dir, sweep, measured: null, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1));
            var lines = File.ReadAllLines(path);

            var headline = lines.Take(5).Single(l => l.StartsWith("race/sealed-bid price ratio at K=10: ", StringComparison.Ordinal));
            var match = Headline().Match(headline);
            Assert.True(match.Success, headline);
            var expected = sweep.Mean(10, MechanismKind.Race, r => r.MeanPriceUsd) / sweep.Mean(10, MechanismKind.SealedBid, r => r.MeanPriceUsd);
            Assert.Equal(expected, double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), expected * 0.01);
            foreach (Match link in ChartLink().Matches(string.Join('\n', lines)))
            {
                Assert.True(File.Exists(Path.Combine(dir, link.Groups[1].Value)), $"missing chart {link.Groups[1].Value}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [GeneratedRegex(@"^race/sealed-bid price ratio at K=10: ([0-9]+(\.[0-9]+)?)$")]
    private static partial Regex Headline();

    [GeneratedRegex(@"\]\((mechanisms/[a-z0-9-]+\.svg)\)")]
    private static partial Regex ChartLink();
}
