using System.Numerics;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.Strategy;
using Xunit;

namespace OnchainMarket.Agent.Tests.Strategy;

public sealed class BiddingStrategyTests
{
    private const long Now = 1_700_000_000;

    private static readonly Pricer Pricer = new(new CostModel
    {
        NanosecondsPerConstraint = 1_000,
        FixedOverhead = TimeSpan.FromSeconds(1),
        WeiPerProvingSecond = 1_000_000_000_000,
        MarginBps = 1_000,
    });

    private static OpenRequest Request(MarketMechanism mechanism, BigInteger maxPrice, BigInteger? minPrice = null) => new()
    {
        Id = 7,
        Mechanism = mechanism,
        Constraints = 1_000,
        MaxPrice = maxPrice,
        MinPrice = minPrice ?? 0,
        TimeA = mechanism == MarketMechanism.Dutch ? Now : Now + 20,
        TimeB = mechanism == MarketMechanism.Dutch ? Now + 100 : Now + 40,
        ProvingWindowSeconds = 60,
        Deadline = Now + 600,
    };

    [Fact]
    public void A_sealed_bid_is_the_reservation_price_whatever_the_max_price()
    {
        var quote = Pricer.Quote(1_000, MarketMechanism.SealedBid, 1_000_000_000);
        var strategy = new BiddingStrategy();

        var low = strategy.Decide(Request(MarketMechanism.SealedBid, quote.Reservation), quote, Now);
        var high = strategy.Decide(Request(MarketMechanism.SealedBid, quote.Reservation * 10), quote, Now);

        Assert.Equal(BidAction.CommitBid, low.Action);
        Assert.Equal(quote.Reservation, low.Price);
        Assert.Equal(low.Price, high.Price);
    }

    [Fact]
    public void A_request_paying_less_than_cost_plus_margin_is_skipped()
    {
        var quote = Pricer.Quote(1_000, MarketMechanism.SealedBid, 1_000_000_000);
        var decision = new BiddingStrategy().Decide(Request(MarketMechanism.SealedBid, quote.Reservation - 1), quote, Now);
        Assert.Equal(BidAction.Skip, decision.Action);
        Assert.Contains("maxPrice", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dutch_auction_is_locked_at_the_first_second_it_pays_the_reservation_price()
    {
        var quote = Pricer.Quote(1_000, MarketMechanism.Dutch, 1_000_000_000);
        var request = Request(MarketMechanism.Dutch, quote.Reservation * 2, minPrice: 0);
        var strategy = new BiddingStrategy();

        var early = strategy.Decide(request, quote, Now + 10);
        Assert.Equal(BidAction.WaitUntil, early.Action);
        Assert.True(early.At > Now + 10);

        var then = strategy.Decide(request, quote, early.At);
        Assert.Equal(BidAction.Lock, then.Action);
        Assert.True(then.Price >= quote.Reservation);
        Assert.True(DutchPrice.At(request.MinPrice, request.MaxPrice, request.TimeA, request.TimeB, early.At - 1) < quote.Reservation);
    }

    [Fact]
    public void A_job_longer_than_its_proving_window_is_skipped()
    {
        var slow = new Pricer(Pricer.Model with { NanosecondsPerConstraint = 1e9 });
        var quote = slow.Quote(1_000, MarketMechanism.Dutch, 0);
        var decision = new BiddingStrategy().Decide(Request(MarketMechanism.Dutch, quote.Reservation * 2), quote, Now);
        Assert.Equal(BidAction.Skip, decision.Action);
        Assert.Contains("window", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Races_are_joined_only_when_racing_is_on()
    {
        var quote = Pricer.Quote(1_000, MarketMechanism.Race, 0);
        var request = Request(MarketMechanism.Race, quote.Reservation * 2);
        Assert.Equal(BidAction.Skip, new BiddingStrategy().Decide(request, quote, Now).Action);
        Assert.Equal(BidAction.Race, new BiddingStrategy(allowRacing: true).Decide(request, quote, Now).Action);
    }

    [Fact]
    public void A_closed_commit_window_is_not_bid_on()
    {
        var quote = Pricer.Quote(1_000, MarketMechanism.SealedBid, 0);
        var decision = new BiddingStrategy().Decide(Request(MarketMechanism.SealedBid, quote.Reservation * 2), quote, Now + 20);
        Assert.Equal(BidAction.Skip, decision.Action);
    }

    [Fact]
    public void A_rescue_bounty_lowers_the_price_needed()
    {
        var quote = Pricer.Quote(1_000, MarketMechanism.Dutch, 0);
        var request = Request(MarketMechanism.Dutch, quote.Reservation - 1) with { Bounty = quote.Reservation };
        Assert.Equal(BidAction.Lock, new BiddingStrategy().Decide(request, quote, Now).Action);
    }
}
