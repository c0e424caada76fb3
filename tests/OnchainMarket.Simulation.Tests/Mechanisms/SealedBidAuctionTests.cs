using CsCheck;
using OnchainMarket.Simulation.Mechanisms;
using Xunit;

namespace OnchainMarket.Simulation.Tests.Mechanisms;

public sealed class SealedBidAuctionTests
{
    [Fact]
    public void Lowest_bid_wins_and_is_paid_the_second_lowest()
    {
        var auction = new SealedBidAuction(maxPrice: 1000);
        auction.Reveal(bidder: 0, price: 700, commitSeq: 1);
        auction.Reveal(bidder: 1, price: 300, commitSeq: 2);
        auction.Reveal(bidder: 2, price: 500, commitSeq: 3);

        Assert.Equal(new Clearing(1, 500), auction.Clear());
    }

    [Fact]
    public void A_single_valid_bid_is_paid_max_price()
    {
        var auction = new SealedBidAuction(maxPrice: 1000);
        auction.Reveal(0, 10, 1);

        Assert.Equal(new Clearing(0, 1000), auction.Clear());
    }

    [Fact]
    public void Equal_prices_go_to_the_earlier_commit_whatever_the_reveal_order()
    {
        var auction = new SealedBidAuction(maxPrice: 1000);
        auction.Reveal(bidder: 5, price: 400, commitSeq: 4);
        auction.Reveal(bidder: 6, price: 400, commitSeq: 2);

        Assert.Equal(new Clearing(6, 400), auction.Clear());
    }

    [Fact]
    public void A_reveal_above_max_price_is_rejected_and_changes_nothing()
    {
        var auction = new SealedBidAuction(maxPrice: 1000);
        Assert.True(auction.Reveal(0, 900, 1));
        Assert.False(auction.Reveal(1, 1001, 2));

        Assert.Equal(1u, auction.Reveals);
        Assert.Equal(new Clearing(0, 1000), auction.Clear());
    }

    [Fact]
    public void No_reveal_means_no_winner()
    {
        Assert.Null(new SealedBidAuction(1000).Clear());
    }

    [Fact]
    public void Clearing_matches_sorting_all_bids_for_any_reveal_order()
    {
        Gen.Select(Gen.ULong[1, 1_000_000], Gen.ULong[0, 1_000_000].Array[1, 12], Gen.Int)
            .Sample((max, prices, shuffleSeed) =>
            {
                var bids = prices.Select((p, i) => (Bidder: i, Price: p, Seq: (uint)(i + 1))).ToArray();
                var order = bids.OrderBy(_ => new Random(shuffleSeed).Next()).ToArray();
                new Random(shuffleSeed).Shuffle(order);
                var auction = new SealedBidAuction(max);
                foreach (var b in order)
                {
                    auction.Reveal(b.Bidder, b.Price, b.Seq);
                }
                var valid = bids.Where(b => b.Price <= max).OrderBy(b => b.Price).ThenBy(b => b.Seq).ToArray();
                var clearing = auction.Clear();
                if (valid.Length == 0)
                {
                    return clearing is null;
                }
                var expectedPrice = valid.Length >= 2 ? valid[1].Price : max;
                return clearing == new Clearing(valid[0].Bidder, expectedPrice)
                    && clearing.Value.Price >= valid[0].Price && clearing.Value.Price <= max;
            });
    }
}
