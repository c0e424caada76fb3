using OnchainMarket.Fleet.Coordinator;
using Xunit;

namespace OnchainMarket.Fleet.Tests;

/// <summary>The forecast's clock follows a chain whose time was advanced past the wall clock.</summary>
public sealed class ChainClockTests
{
    private static readonly DateTimeOffset Wall = DateTimeOffset.FromUnixTimeSeconds(2_000_000);

    [Fact]
    public void A_chain_seen_ahead_moves_the_clock_by_as_much_and_keeps_it_as_the_wall_clock_runs()
    {
        var wall = new FixedClock(Wall);
        var clock = new ChainClock(wall);

        clock.Observe(Wall.ToUnixTimeSeconds() + 300);
        wall.Now += TimeSpan.FromSeconds(5);

        Assert.Equal(Wall + TimeSpan.FromSeconds(305), clock.GetUtcNow());
    }

    [Fact]
    public void A_chain_behind_the_wall_clock_or_an_unknown_time_moves_nothing_and_a_later_smaller_lead_does_not_undo_a_larger()
    {
        var clock = new ChainClock(new FixedClock(Wall));

        clock.Observe(Wall.ToUnixTimeSeconds() - 60);
        clock.Observe(0);
        Assert.Equal(Wall, clock.GetUtcNow());

        clock.Observe(Wall.ToUnixTimeSeconds() + 100);
        clock.Observe(Wall.ToUnixTimeSeconds() + 10);
        Assert.Equal(Wall + TimeSpan.FromSeconds(100), clock.GetUtcNow());
    }
}
