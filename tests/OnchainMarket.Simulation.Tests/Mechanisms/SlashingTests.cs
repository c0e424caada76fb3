using OnchainMarket.Simulation.Mechanisms;
using Xunit;

namespace OnchainMarket.Simulation.Tests.Mechanisms;

public sealed class SlashingTests
{
    [Fact]
    public void Compensation_and_bounty_are_capped_at_the_price_the_keeper_at_its_cap_the_rest_burned()
    {
        // The contract's defaults: 50 % / 30 % / 5 %, keeper cap 10.
        var s = Slashing.Split(1_000, 5_000, 3_000, 500, keeperRewardCap: 10, lossCap: 200);

        Assert.Equal(200UL, s.Compensation);
        Assert.Equal(200UL, s.Bounty);
        Assert.Equal(10UL, s.Keeper);
        Assert.Equal(590UL, s.Burned);
        Assert.Equal(1_000UL, s.Total);
    }

    [Fact]
    public void Below_the_caps_the_shares_round_down_like_the_solidity()
    {
        var s = Slashing.Split(999, 5_000, 3_000, 500, keeperRewardCap: 1_000, lossCap: 10_000);

        Assert.Equal(499UL, s.Compensation);
        Assert.Equal(299UL, s.Bounty);
        Assert.Equal(49UL, s.Keeper);
        Assert.Equal(152UL, s.Burned);
    }

    [Fact]
    public void Shares_above_one_hundred_percent_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Slashing.Split(1, 6_000, 3_000, 1_001, 0, 0));
        Assert.Contains("10001 bps", e.Message, StringComparison.Ordinal);
    }
}
