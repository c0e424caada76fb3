namespace OnchainMarket.Simulation.Mechanisms;

/// <summary>
/// The sealed-bid second-price reverse auction of one request, folded in O(1) state exactly as the
/// contract's SealedBidAuction library does it (contracts/src/libraries/SealedBidAuction.sol): the
/// lowest revealed price wins, ties go to the earlier commit, and the winner is paid the
/// second-lowest revealed price, or maxPrice when it is the only valid bid. A reveal above maxPrice
/// is rejected (the market's <c>BidAboveMax</c>). Not thread-safe.
/// </summary>
public sealed class SealedBidAuction
{
    private int _best = -1;
    private ulong _bestPrice;
    private uint _bestSeq;
    private ulong _secondPrice;

    public SealedBidAuction(ulong maxPrice)
    {
        MaxPrice = maxPrice;
    }

    public ulong MaxPrice { get; }

    /// <summary>Valid reveals so far (the contract's <c>reveals</c>).</summary>
    public uint Reveals { get; private set; }

    /// <summary>The current best bidder, or -1.</summary>
    public int Best => _best;

    public ulong BestPrice => _bestPrice;

    /// <summary>Meaningful once two bids were revealed.</summary>
    public ulong SecondPrice => _secondPrice;

    /// <summary>Whether a bid (price, seq) ranks before (bestPrice, bestSeq): lower price, then the earlier commit.</summary>
    public static bool Beats(ulong price, uint seq, ulong bestPrice, uint bestSeq) =>
        price < bestPrice || (price == bestPrice && seq < bestSeq);

    /// <summary>
    /// Folds in a revealed bid; <paramref name="commitSeq"/> is the 1-based order of the bidder's
    /// commit. Returns false, changing nothing, for a price above maxPrice.
    /// </summary>
    public bool Reveal(int bidder, ulong price, uint commitSeq)
    {
        if (price > MaxPrice)
        {
            return false;
        }
        var isBest = false;
        if (Reveals == 0)
        {
            isBest = true;
        }
        else if (Beats(price, commitSeq, _bestPrice, _bestSeq))
        {
            // The old best is <= the old second price, so it becomes the second price.
            _secondPrice = _bestPrice;
            isBest = true;
        }
        else if (Reveals == 1 || price < _secondPrice)
        {
            _secondPrice = price;
        }
        if (isBest)
        {
            _best = bidder;
            _bestPrice = price;
            _bestSeq = commitSeq;
        }
        Reveals++;
        return true;
    }

    /// <summary>What the winner is paid: the second-lowest revealed price, or maxPrice with a single bid.</summary>
    public ulong ClearingPrice => Reveals >= 2 ? _secondPrice : MaxPrice;

    /// <summary>The winner and the price it is paid; null when no valid bid was revealed.</summary>
    public Clearing? Clear() => Reveals == 0 ? null : new Clearing(_best, ClearingPrice);
}
