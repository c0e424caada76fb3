using System.Numerics;

namespace OnchainMarket.Agent.Strategy;

/// <summary>The strategy's answer for one request: the action, the price it acts at, when, and why.</summary>
public sealed record BidDecision(BidAction Action, BigInteger Price, long At, string Reason)
{
    public static BidDecision Skip(string reason) => new(BidAction.Skip, BigInteger.Zero, 0, reason);
}
