using System.Numerics;
using CsCheck;
using OnchainMarket.Agent.Pricing;
using Xunit;

namespace OnchainMarket.Agent.Tests.Pricing;

public sealed class PricerTests
{
    private static readonly CostModel Model = new()
    {
        NanosecondsPerConstraint = 10_000, // 10 µs per constraint
        FixedOverhead = TimeSpan.FromMilliseconds(500),
        WeiPerProvingSecond = 1_000_000_000_000, // 1e12 wei per second
        MarginBps = 2_000,
    };

    [Fact]
    public void Proving_time_is_the_overhead_plus_the_per_constraint_time() =>
        Assert.Equal(TimeSpan.FromMilliseconds(500 + 1_000), Model.ProvingTime(100_000));

    [Fact]
    public void The_reservation_is_cost_plus_gas_plus_margin()
    {
        var quote = new Pricer(Model).Quote(100_000, MarketMechanism.Dutch, gasPrice: 2_000_000_000);

        // 1.5 s × 1e12 wei/s (rounded up to the microsecond) and (110k + 300k) gas × 2 gwei.
        Assert.InRange(quote.ProvingCost, new BigInteger(1_500_000_000_000), new BigInteger(1_500_002_000_000));
        Assert.Equal(410_000L, quote.GasUnits);
        Assert.Equal(new BigInteger(410_000) * 2_000_000_000, quote.GasCost);
        Assert.Equal((quote.Cost * 12_000 + 9_999) / 10_000, quote.Reservation);
    }

    [Fact]
    public void A_sealed_bid_costs_more_gas_than_a_dutch_lock()
    {
        var pricer = new Pricer(Model);
        Assert.True(pricer.Quote(1_000, MarketMechanism.SealedBid, 1_000_000_000).Reservation
            > pricer.Quote(1_000, MarketMechanism.Dutch, 1_000_000_000).Reservation);
    }

    [Fact]
    public void The_reservation_never_falls_below_cost_and_grows_with_constraints_and_fees() =>
        Gen.Select(Gen.ULong[0, 1UL << 30], Gen.ULong[0, 1UL << 30], Gen.Long[0, 1_000_000_000_000], Gen.Int[0, 5_000])
            .Sample((a, b, gasPrice, margin) =>
            {
                var pricer = new Pricer(Model with { MarginBps = margin });
                var (small, large) = a <= b ? (a, b) : (b, a);
                var quoteSmall = pricer.Quote(small, MarketMechanism.SealedBid, gasPrice);
                var quoteLarge = pricer.Quote(large, MarketMechanism.SealedBid, gasPrice);
                var quoteDearer = pricer.Quote(small, MarketMechanism.SealedBid, gasPrice + 1);
                Assert.True(quoteSmall.Reservation >= quoteSmall.Cost);
                Assert.True(quoteLarge.Reservation >= quoteSmall.Reservation);
                Assert.True(quoteDearer.Reservation >= quoteSmall.Reservation);
            });

    [Fact]
    public void A_negative_gas_price_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pricer(Model).Quote(1, MarketMechanism.Race, -1));

    [Fact]
    public void A_model_with_zero_time_per_constraint_is_invalid() =>
        Assert.Throws<ArgumentException>(() => (Model with { NanosecondsPerConstraint = 0 }).Validate());
}
