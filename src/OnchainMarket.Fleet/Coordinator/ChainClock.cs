namespace OnchainMarket.Fleet.Coordinator;

/// <summary>
/// The chain's time as the coordinator last learnt it: a wall clock moved forward by how far the chain
/// was seen ahead of it (a devnet whose clock was advanced stays ahead). Due times are chain times, so
/// the forecast measures time left on this clock; a chain seen behind the wall clock moves nothing.
/// </summary>
public sealed class ChainClock(TimeProvider wall) : TimeProvider
{
    private long _aheadMs;

    /// <summary>Takes in the chain's time at this moment (unix seconds); zero or less means unknown.</summary>
    public void Observe(long chainNow)
    {
        if (chainNow <= 0)
        {
            return;
        }
        var ahead = (long)(DateTimeOffset.FromUnixTimeSeconds(chainNow) - wall.GetUtcNow()).TotalMilliseconds;
        long seen;
        while (ahead > (seen = Interlocked.Read(ref _aheadMs)) && Interlocked.CompareExchange(ref _aheadMs, ahead, seen) != seen)
        {
            // Another observation raced us: retry against the value it left.
        }
    }

    public override DateTimeOffset GetUtcNow() => wall.GetUtcNow() + TimeSpan.FromMilliseconds(Interlocked.Read(ref _aheadMs));
}
