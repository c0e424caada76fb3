using CsCheck;
using OnchainMarket.Simulation.Mechanisms;
using Xunit;

namespace OnchainMarket.Simulation.Tests.Mechanisms;

public sealed class DutchAuctionTests
{
    [Theory]
    [InlineData(100UL, 100UL)] // at the start: minPrice
    [InlineData(50UL, 100UL)] // before the start: minPrice
    [InlineData(150UL, 550UL)] // half-way: 100 + 900 * 50 / 100
    [InlineData(200UL, 1000UL)] // at the end: maxPrice
    [InlineData(5000UL, 1000UL)] // long after: maxPrice
    public void Price_rises_linearly_from_min_to_max_over_the_ramp(ulong t, ulong expected)
    {
        Assert.Equal(expected, DutchAuction.PriceAt(minPrice: 100, maxPrice: 1000, start: 100, end: 200, t));
    }

    [Fact]
    public void Price_rounds_down_like_integer_division_in_solidity()
    {
        // 0 + 10 * 1 / 3 = 3.33 -> 3
        Assert.Equal(3UL, DutchAuction.PriceAt(0, 10, 0, 3, 1));
    }

    [Fact]
    public void A_min_price_at_or_above_max_price_is_flat_at_max_price()
    {
        Assert.Equal(70UL, DutchAuction.PriceAt(90, 70, 0, 100, 0));
        Assert.Equal(70UL, DutchAuction.PriceAt(90, 70, 0, 100, 50));
    }

    [Fact]
    public void Time_reaching_an_ask_is_the_first_second_the_price_covers_it()
    {
        Gen.Select(Gen.ULong[0, 1_000_000], Gen.ULong[1, 10_000_000_000], Gen.ULong[1, 100_000], Gen.ULong[0, 20_000_000_000])
            .Sample((min, span, ramp, ask) =>
            {
                var max = min + span;
                var at = DutchAuction.TimeReaching(min, max, 1000, 1000 + ramp, ask);
                if (ask > max)
                {
                    return at is null;
                }
                return at is { } t
                    && DutchAuction.PriceAt(min, max, 1000, 1000 + ramp, t) >= ask
                    && (t == 1000 || DutchAuction.PriceAt(min, max, 1000, 1000 + ramp, t - 1) < ask);
            });
    }
}
