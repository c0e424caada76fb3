namespace OnchainMarket.Fleet.Tests;

/// <summary>A clock that says what the test set: the forecast's projections at a chosen instant.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
