using System.Numerics;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.State;

namespace OnchainMarket.Agent.Agent;

/// <summary>One job in the status display.</summary>
public sealed record JobView(BigInteger RequestId, int Round, MarketMechanism Mechanism, JobPhase Phase, BigInteger Price, long ProveBy, BigInteger Earned, string? Note);
