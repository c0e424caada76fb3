using System.Numerics;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Agent;

/// <summary>An open request as the agent tracks it (the current round's terms).</summary>
internal sealed class OpenEntry(SubmittedRequest submitted)
{
    public SubmittedRequest Submitted { get; } = submitted;

    public BigInteger Id => Submitted.Id;

    public MarketMechanism Mechanism { get; set; } = submitted.Terms.Mechanism;

    public int Round { get; set; }

    public BigInteger MinPrice { get; set; } = submitted.Terms.MinPrice;

    public long TimeA { get; set; } = submitted.Terms.Mechanism == MarketMechanism.SealedBid
        ? submitted.Terms.CommitDeadline
        : 0;

    public long TimeB { get; set; } = submitted.Terms.Mechanism == MarketMechanism.SealedBid
        ? submitted.Terms.RevealDeadline
        : 0;

    public BigInteger Bounty { get; set; }

    public Address Excluded { get; set; }

    /// <summary>Round this agent already decided on (null: not yet).</summary>
    public int? DecidedRound { get; set; }

    /// <summary>Dutch: when to look again.</summary>
    public long? WaitUntil { get; set; }
}
