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
        var config = TinyConfig.Create(300) with { KSweep = [3, 10], HeadlineK = [3, 10], Seeds = 3, GasPricesGwei = [0.002, 5] };
        var sweep = SimulationSweep.Run(config);
        var dir = Path.Combine(Path.GetTempPath(), $"omkt-report-{Guid.NewGuid():N}");
        try
        {
            var path = MechanismReport.Write(dir, sweep, measured: null, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1));
            var lines = File.ReadAllLines(path);

            // The first line after the title is the price ratio; then the nine requester-cost ratios.
            Assert.StartsWith("race/sealed-bid price ratio at K=10: ", lines[2], StringComparison.Ordinal);
            var match = Headline().Match(lines[2]);
            Assert.True(match.Success, lines[2]);
            var perSeed = sweep.All(10, MechanismKind.Race).Zip(sweep.All(10, MechanismKind.SealedBid), (r, s) => r.MeanPriceUsd / s.MeanPriceUsd).ToArray();
            var expected = Math.Exp(perSeed.Average(Math.Log));
            Assert.Equal(expected, double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), expected * 0.01);
            var low = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            var high = double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
            Assert.True(low <= expected * 1.01 && expected <= high * 1.01, lines[2]);
            foreach (var mechanism in new[] { "sealed-bid", "dutch", "orderbook" })
            {
                foreach (var regime in new[] { "all racing", "rational racing", "free entry" })
                {
                    var line = Assert.Single(lines.Take(12), l => l.StartsWith($"requester cost ratio race/{mechanism} at K=10, {regime}: ", StringComparison.Ordinal));
                    Assert.Matches(@": [0-9.]+ \([0-9.]+–[0-9.]+\)$", line);
                }
            }
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

    [GeneratedRegex(@"^race/sealed-bid price ratio at K=10: ([0-9.]+) \(([0-9.]+)–([0-9.]+)\)$")]
    private static partial Regex Headline();

    [GeneratedRegex(@"\]\((mechanisms/[a-z0-9-]+\.(?:svg|json))\)")]
    private static partial Regex ChartLink();
}
