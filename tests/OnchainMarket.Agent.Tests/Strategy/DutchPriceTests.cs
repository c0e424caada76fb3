using System.Numerics;
using CsCheck;
using OnchainMarket.Agent.Strategy;
using Xunit;

namespace OnchainMarket.Agent.Tests.Strategy;

public sealed class DutchPriceTests
{
    [Fact]
    public void The_ramp_is_linear_and_clamped()
    {
        Assert.Equal(new BigInteger(100), DutchPrice.At(100, 200, 1_000, 1_100, 900));
        Assert.Equal(new BigInteger(150), DutchPrice.At(100, 200, 1_000, 1_100, 1_050));
        Assert.Equal(new BigInteger(200), DutchPrice.At(100, 200, 1_000, 1_100, 5_000));
    }

    [Fact]
    public void The_first_time_at_a_price_is_the_earliest_second_the_ramp_reaches_it() =>
        Gen.Select(Gen.Long[0, 1_000_000], Gen.Long[0, 1_000_000], Gen.Long[1, 10_000], Gen.Long[0, 2_000_000])
            .Sample((min, extra, span, target) =>
            {
                var max = min + extra;
                const long start = 1_700_000_000;
                var when = DutchPrice.FirstTimeAtLeast(min, max, start, start + span, target);
                if (target > max)
                {
                    Assert.Null(when);
                    return;
                }
                Assert.NotNull(when);
                Assert.True(DutchPrice.At(min, max, start, start + span, when.Value) >= target);
                if (when.Value > start)
                {
                    Assert.True(DutchPrice.At(min, max, start, start + span, when.Value - 1) < target);
                }
            });
}
