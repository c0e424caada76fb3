using OnchainMarket.Agent.Scheduling;
using Xunit;

namespace OnchainMarket.Agent.Tests.Scheduling;

public sealed class FleetCapacityTests
{
    private static readonly DateTimeOffset Then = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(3, int.MaxValue, 0, 3)] // no ceiling: one job per live worker
    [InlineData(5, 2, 0, 2)]            // the operator's --capacity is a ceiling
    [InlineData(1, 4, 3, 3)]            // never below the jobs already held
    [InlineData(0, 4, 0, 0)]            // no live worker: nothing new
    [InlineData(-1, 4, -2, 0)]          // nonsense counts never declare a negative
    public void The_figure_is_the_live_workers_capped_by_the_ceiling_and_floored_by_the_jobs_held(int live, int ceiling, int held, int expected) =>
        Assert.Equal(expected, FleetCapacity.Figure(live, ceiling, held));

    [Fact]
    public void The_first_figure_is_declared_at_once()
    {
        Assert.True(FleetCapacity.Due(0, declared: null, Then, Then, Minute));
    }

    [Fact]
    public void An_unchanged_figure_is_never_sent_again()
    {
        Assert.False(FleetCapacity.Due(2, declared: 2, Then, Then + TimeSpan.FromHours(1), Minute));
    }

    [Fact]
    public void A_rise_is_sent_at_once_and_a_fall_waits_for_the_interval()
    {
        Assert.True(FleetCapacity.Due(3, declared: 2, Then, Then + TimeSpan.FromSeconds(1), Minute));
        Assert.False(FleetCapacity.Due(1, declared: 2, Then, Then + TimeSpan.FromSeconds(59), Minute));
        Assert.True(FleetCapacity.Due(1, declared: 2, Then, Then + Minute, Minute));
    }
}
