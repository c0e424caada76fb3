using System.Numerics;

namespace OnchainMarket.Agent.Pricing;

/// <summary>
/// What proving costs this operator: time per constraint on this machine (calibrated by a short
/// benchmark at start), a fixed overhead per proof (witness generation, loading the key), and what
/// one second of proving costs the operator in wei (hardware, power). Gas is priced separately,
/// at the fees of the moment.
/// </summary>
public sealed record CostModel
{
    /// <summary>Proving time per R1CS constraint, in nanoseconds.</summary>
    public required double NanosecondsPerConstraint { get; init; }

    /// <summary>Time a proof costs regardless of its size.</summary>
    public TimeSpan FixedOverhead { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The operator's cost of one second of proving, in wei.</summary>
    public required BigInteger WeiPerProvingSecond { get; init; }

    /// <summary>Profit the operator wants on top of its cost, in basis points.</summary>
    public int MarginBps { get; init; } = 1000;

    /// <summary>How long a proof of <paramref name="constraints"/> constraints takes here.</summary>
    public TimeSpan ProvingTime(ulong constraints)
    {
        var ticks = FixedOverhead.Ticks + (long)Math.Ceiling(constraints * NanosecondsPerConstraint / 100.0);
        return TimeSpan.FromTicks(ticks);
    }

    /// <summary>The operator's cost of that proving time in wei, rounded up.</summary>
    public BigInteger ProvingCost(ulong constraints)
    {
        // Whole microseconds keep the arithmetic integral: wei/s × µs / 10^6, rounded up.
        var micros = new BigInteger(ProvingTime(constraints).Ticks / 10 + 1);
        return (WeiPerProvingSecond * micros + 999_999) / 1_000_000;
    }

    /// <summary>Checks the values make sense; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (!(NanosecondsPerConstraint > 0) || double.IsInfinity(NanosecondsPerConstraint))
        {
            throw new ArgumentException($"seconds per constraint must be positive (got {NanosecondsPerConstraint} ns)");
        }
        if (WeiPerProvingSecond.Sign < 0)
        {
            throw new ArgumentException("the cost per proving second cannot be negative");
        }
        if (MarginBps is < 0 or > 100_000)
        {
            throw new ArgumentException($"the margin must be between 0 and 100000 bps (got {MarginBps})");
        }
    }
}
