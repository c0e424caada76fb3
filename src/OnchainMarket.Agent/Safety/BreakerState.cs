namespace OnchainMarket.Agent.Safety;

/// <summary>The persisted state of the prover's circuit breaker.</summary>
public sealed record BreakerState(bool Open, string? Reason, DateTimeOffset? TrippedAt)
{
    public static BreakerState Closed { get; } = new(false, null, null);
}
