using OnchainMarket.Simulation.Economics;
using Xunit;

namespace OnchainMarket.Simulation.Tests.Economics;

public sealed class StatisticsTests
{
    [Theory]
    [InlineData(2, 4.303)]
    [InlineData(5, 2.571)]
    [InlineData(19, 2.093)]
    [InlineData(40, 2.021)]
    [InlineData(100, 1.984)]
    public void Student_t_quantiles_match_the_tables(int df, double table) =>
        Assert.Equal(table, Interval.StudentT975(df), 0.001);

    [Fact]
    public void An_interval_covers_the_mean_and_shrinks_with_more_seeds()
    {
        var few = Interval.Of([1.0, 2, 3, 4]);
        var many = Interval.Of(Enumerable.Range(0, 40).Select(i => 1.0 + (i % 4)));

        Assert.Equal(2.5, few.Mean, 12);
        // sd = 1.291, t(3) = 3.182: half-width 2.054.
        Assert.Equal(2.5 - 2.054, few.Low, 2);
        Assert.True(many.High - many.Low < few.High - few.Low);
        Assert.True(double.IsNaN(Interval.Of([double.NaN]).Mean));
    }

    [Fact]
    public void A_geometric_interval_mirrors_for_inverse_ratios()
    {
        var up = Interval.Geometric([2.0, 4, 8]);
        var down = Interval.Geometric([0.5, 0.25, 0.125]);

        Assert.Equal(4, up.Mean, 9);
        Assert.Equal(1 / up.Low, down.High, 9);
    }

    [Fact]
    public void Hhi_and_gini_of_even_and_monopoly_splits()
    {
        Assert.Equal(0.25, Concentration.Hhi([1.0, 1, 1, 1]), 12);
        Assert.Equal(1, Concentration.Hhi([0.0, 5, 0]), 12);
        Assert.Equal(0, Concentration.Gini([3.0, 3, 3]), 12);
        Assert.Equal(0.75, Concentration.Gini([0.0, 0, 0, 7]), 12);
        Assert.True(double.IsNaN(Concentration.Hhi([0.0, 0])));
    }
}
