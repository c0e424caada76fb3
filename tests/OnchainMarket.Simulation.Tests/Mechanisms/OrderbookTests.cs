using OnchainMarket.Simulation.Mechanisms;
using Xunit;

namespace OnchainMarket.Simulation.Tests.Mechanisms;

public sealed class OrderbookTests
{
    private static readonly Func<long, bool> Nobody = _ => false;

    [Fact]
    public void A_request_takes_the_cheapest_ask_at_the_ask_price()
    {
        var book = new Orderbook();
        book.PlaceAsk(prover: 0, price: 300, expiry: 1000, now: 0, Nobody, []);
        book.PlaceAsk(prover: 1, price: 200, expiry: 1000, now: 0, Nobody, []);

        var match = book.SubmitRequest(requestId: 7, maxPrice: 500, now: 10, _ => true);

        Assert.Equal(new Match(7, 1, 200), match);
    }

    [Fact]
    public void Equal_asks_keep_arrival_order()
    {
        var book = new Orderbook();
        book.PlaceAsk(3, 200, 1000, 0, Nobody, []);
        book.PlaceAsk(4, 200, 1000, 0, Nobody, []);

        Assert.Equal(3, book.SubmitRequest(1, 500, 0, _ => true)!.Value.Prover);
    }

    [Fact]
    public void Ineligible_and_expired_asks_are_skipped()
    {
        var book = new Orderbook();
        book.PlaceAsk(0, 100, expiry: 5, now: 0, Nobody, []);
        book.PlaceAsk(1, 150, 1000, 0, Nobody, []);
        book.PlaceAsk(2, 180, 1000, 0, Nobody, []);

        var match = book.SubmitRequest(1, 500, now: 10, prover => prover != 1);

        Assert.Equal(new Match(1, 2, 180), match);
        Assert.Equal(2, book.AskCount); // the expired ask was pruned
    }

    [Fact]
    public void A_request_above_every_ask_s_reach_rests_and_a_later_ask_takes_it_at_its_max_price()
    {
        var book = new Orderbook();
        book.PlaceAsk(0, 900, 1000, 0, Nobody, []);
        Assert.Null(book.SubmitRequest(1, maxPrice: 500, now: 0, _ => true));
        Assert.Null(book.SubmitRequest(2, maxPrice: 600, now: 0, _ => true));

        var matches = new List<Match>();
        book.PlaceAsk(1, 400, 1000, 0, _ => matches.Count < 1, matches);

        // The highest open request first, at its own price (the resting order's).
        Assert.Equal([new Match(2, 1, 600)], matches);
        Assert.Equal(1, book.OpenRequestCount);
    }

    [Fact]
    public void A_request_looks_at_no_more_than_the_scan_limit()
    {
        var book = new Orderbook();
        for (var i = 0; i < Orderbook.MaxMatchScan; i++)
        {
            book.PlaceAsk(i, 100, 1000, 0, Nobody, []);
        }
        book.PlaceAsk(99, 100, 1000, 0, Nobody, []);

        // Only prover 99 is eligible, but it sits behind MaxMatchScan ineligible asks.
        Assert.Null(book.SubmitRequest(1, 500, 0, prover => prover == 99));
    }

    [Fact]
    public void An_ask_in_the_past_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new Orderbook().PlaceAsk(0, 1, expiry: 5, now: 6, Nobody, []));
    }
}
