using OnchainMarket.Simulation.Config;
using Xunit;

namespace OnchainMarket.Simulation.Tests.Economics;

public sealed class SimulationConfigTests
{
    [Fact]
    public void The_shipped_config_loads()
    {
        var config = SimulationConfig.Load(SimulationConfig.DefaultPath);

        Assert.Contains(10, config.KSweep.Concat(config.HeadlineK));
        Assert.True(config.Profiles.Count >= 3);
    }

    [Theory]
    [InlineData("{\"requests\": 0}", "requests")]
    [InlineData("{\"availability\": 1.5, \"profiles\": [{\"name\": \"a\", \"proofSeconds\": 1, \"usdPerHour\": 1}]}", "availability")]
    [InlineData("{\"profiles\": [{\"name\": \"a\", \"proofSeconds\": -1, \"usdPerHour\": 1}]}", "proofSeconds")]
    [InlineData("{\"profiles\": []}", "profiles")]
    [InlineData("{ not json", "not valid JSON")]
    public void A_bad_value_is_refused_naming_it(string json, string named)
    {
        var path = Path.Combine(Path.GetTempPath(), $"omkt-sim-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => SimulationConfig.Load(path));
            Assert.Contains(named, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<FileNotFoundException>(() => SimulationConfig.Load("/nonexistent/sim.json"));
        Assert.Contains("/nonexistent/sim.json", error.Message, StringComparison.Ordinal);
    }
}
