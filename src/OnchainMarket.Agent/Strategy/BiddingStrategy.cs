using OnchainMarket.Agent.Pricing;

namespace OnchainMarket.Agent.Strategy;

/// <summary>
/// Turns a request and the operator's quote into an action. Sealed bid: bid the reservation price
/// (cost plus margin): under second-price rules truthful bidding is dominant, shading it only risks
/// losing a profitable job. Dutch: lock at the first second the ramp reaches the reservation
/// price, since waiting longer risks a competitor locking first. Orderbook: do nothing per request;
/// the operator's standing ask at its reservation price matches on chain. Race: only when allowed.
/// </summary>
public sealed class BiddingStrategy(bool allowRacing = false)
{
    /// <summary>Seconds kept in hand when judging whether an assignment still leaves time to prove.</summary>
    public long SafetySeconds { get; init; } = 5;

    public BidDecision Decide(OpenRequest request, PriceQuote quote, long now)
    {
        // The rescue bounty is paid on top of the price, so it lowers what we need from the price itself.
        var needed = quote.Reservation - request.Bounty;
        if (needed.Sign < 0)
        {
            needed = 0;
        }
        if (needed > request.MaxPrice)
        {
            return BidDecision.Skip($"reservation {quote.Reservation} wei is above maxPrice {request.MaxPrice} wei");
        }
        var provingSeconds = (long)Math.Ceiling(quote.ProvingTime.TotalSeconds) + SafetySeconds;
        if (provingSeconds > request.ProvingWindowSeconds)
        {
            return BidDecision.Skip($"proving takes ~{provingSeconds} s here, the window is {request.ProvingWindowSeconds} s");
        }
        if (now + request.ProvingWindowSeconds > request.Deadline && request.Mechanism != MarketMechanism.Race)
        {
            return BidDecision.Skip("too close to the deadline for an assignment");
        }

        switch (request.Mechanism)
        {
            case MarketMechanism.SealedBid:
                return now < request.TimeA
                    ? new BidDecision(BidAction.CommitBid, needed, now, "bid cost plus margin (second price)")
                    : BidDecision.Skip("the commit window has closed");
            case MarketMechanism.Dutch:
                var when = DutchPrice.FirstTimeAtLeast(request.MinPrice, request.MaxPrice, request.TimeA, request.TimeB, needed);
                if (when is null)
                {
                    return BidDecision.Skip("the ramp never reaches our reservation price");
                }
                if (when.Value + request.ProvingWindowSeconds > request.Deadline)
                {
                    return BidDecision.Skip("the ramp reaches our price too late to prove before the deadline");
                }
                var price = DutchPrice.At(request.MinPrice, request.MaxPrice, request.TimeA, request.TimeB, Math.Max(now, when.Value));
                return when.Value <= now
                    ? new BidDecision(BidAction.Lock, price, now, "the ramp is at or above our reservation price")
                    : new BidDecision(BidAction.WaitUntil, price, when.Value, "waiting for the ramp to reach our reservation price");
            case MarketMechanism.Orderbook:
                return new BidDecision(BidAction.RestOnAsk, quote.Reservation, now, "our standing ask matches it on chain");
            case MarketMechanism.Race:
                if (!allowRacing)
                {
                    return BidDecision.Skip("racing is off");
                }
                return now + provingSeconds <= request.Deadline
                    ? new BidDecision(BidAction.Race, request.MaxPrice, now, "racing: the first valid proof is paid")
                    : BidDecision.Skip("cannot prove before the deadline");
            default:
                return BidDecision.Skip($"unknown mechanism {request.Mechanism}");
        }
    }
}
