namespace OnchainMarket.Simulation.Mechanisms;

/// <summary>
/// One circuit's order books as the contract keeps and matches them (ProofMarket._openInBook and
/// _matchAsk over contracts/src/libraries/Orderbook.sol): asks ascending by price, open requests
/// descending by maxPrice, equal prices in arrival order (price-time priority). A trade happens at
/// the resting order's price. A submitted request scans at most <see cref="MaxMatchScan"/> asks from
/// the cheapest, drops expired ones, skips ineligible provers and takes the first eligible ask at most
/// its maxPrice; otherwise it rests. A placed ask scans at most that many open requests from the
/// highest and takes every one at or above its price while its prover stays eligible, at each
/// request's maxPrice. Asks stand until cancelled or expired: a fill does not consume them.
/// </summary>
public sealed class Orderbook
{
    /// <summary>The contract's MAX_MATCH_SCAN: how many book entries one match looks at.</summary>
    public const int MaxMatchScan = 8;

    private readonly List<BookAsk> _asks = [];
    private readonly List<BookRequest> _requests = [];
    private ulong _askCount;

    public int AskCount => _asks.Count;

    public int OpenRequestCount => _requests.Count;

    /// <summary>
    /// Places an ask (returns its id, like the contract's askId) and then matches it against the open
    /// requests; <paramref name="eligible"/> says, for each candidate request in turn, whether the
    /// prover can take one more (the contract stops at the first capacity, cooldown or operator failure).
    /// </summary>
    public ulong PlaceAsk(int prover, ulong price, ulong expiry, ulong now, Func<long, bool> eligible, List<Match> matches)
    {
        if (expiry < now)
        {
            throw new ArgumentException($"ask expiry {expiry} is before now {now}", nameof(expiry));
        }
        var id = ++_askCount;
        var ask = new BookAsk(id, prover, price, expiry);
        // After every ask at the same or a lower price: time priority.
        var at = _asks.FindIndex(a => a.Price > price);
        _asks.Insert(at < 0 ? _asks.Count : at, ask);
        for (var scanned = 0; scanned < MaxMatchScan && _requests.Count > 0; scanned++)
        {
            var top = _requests[0];
            if (top.MaxPrice < price || !eligible(top.RequestId))
            {
                break;
            }
            _requests.RemoveAt(0);
            matches.Add(new Match(top.RequestId, prover, top.MaxPrice));
        }
        return id;
    }

    /// <summary>Removes an ask; false if it is not in the book.</summary>
    public bool CancelAsk(ulong askId) => _asks.RemoveAll(a => a.Id == askId) > 0;

    /// <summary>The price of a resting ask, if it is in the book.</summary>
    public ulong? AskPrice(ulong askId)
    {
        var index = _asks.FindIndex(a => a.Id == askId);
        return index < 0 ? null : _asks[index].Price;
    }

    /// <summary>
    /// Submits a request: it trades at once with the first eligible live ask at most
    /// <paramref name="maxPrice"/> among the <see cref="MaxMatchScan"/> cheapest, at the ask's price;
    /// otherwise it rests as a bid at maxPrice.
    /// </summary>
    public Match? SubmitRequest(long requestId, ulong maxPrice, ulong now, Func<int, bool> isEligible)
    {
        var index = 0;
        for (var scanned = 0; scanned < MaxMatchScan && index < _asks.Count; scanned++)
        {
            var ask = _asks[index];
            if (ask.Price > maxPrice)
            {
                break;
            }
            if (now > ask.Expiry)
            {
                _asks.RemoveAt(index);
                continue;
            }
            if (isEligible(ask.Prover))
            {
                return new Match(requestId, ask.Prover, ask.Price);
            }
            index++;
        }
        var request = new BookRequest(requestId, maxPrice);
        // After every open request at the same or a higher maxPrice: time priority.
        var at = _requests.FindIndex(r => r.MaxPrice < maxPrice);
        _requests.Insert(at < 0 ? _requests.Count : at, request);
        return null;
    }

    /// <summary>Takes an open request out of the book (expired or cancelled); false if it is not there.</summary>
    public bool RemoveRequest(long requestId) => _requests.RemoveAll(r => r.RequestId == requestId) > 0;

    private readonly record struct BookAsk(ulong Id, int Prover, ulong Price, ulong Expiry);

    private readonly record struct BookRequest(long RequestId, ulong MaxPrice);
}
