using System.Numerics;
using OnchainMarket.Agent.Safety;

namespace OnchainMarket.Agent.Agent;

/// <summary>What the live status display shows: jobs, queue, earnings, stake, breaker.</summary>
public sealed record AgentSnapshot(
    string Name,
    string Address,
    IReadOnlyList<JobView> Jobs,
    int Queued,
    int Capacity,
    int OpenRequests,
    BigInteger Earned,
    BigInteger GasSpent,
    BigInteger TotalStake,
    BigInteger FreeStake,
    BreakerState Breaker,
    long Head,
    string Backend,
    double SecondsPerMillionConstraints);
