using System.Numerics;

namespace OnchainMarket.Agent.Strategy;

/// <summary>The reverse Dutch ramp, computed exactly as the contract's <c>DutchAuction.priceAt</c>.</summary>
public static class DutchPrice
{
    /// <summary>The offered price at unix time <paramref name="t"/>.</summary>
    public static BigInteger At(BigInteger minPrice, BigInteger maxPrice, long start, long end, long t)
    {
        if (t <= start || minPrice >= maxPrice)
        {
            return minPrice >= maxPrice ? maxPrice : minPrice;
        }
        if (t >= end)
        {
            return maxPrice;
        }
        return minPrice + (maxPrice - minPrice) * (t - start) / (end - start);
    }

    /// <summary>
    /// The first whole second at which the offered price is at least <paramref name="target"/>,
    /// or null when the ramp never gets there (the target is above maxPrice).
    /// </summary>
    public static long? FirstTimeAtLeast(BigInteger minPrice, BigInteger maxPrice, long start, long end, BigInteger target)
    {
        if (target > maxPrice)
        {
            return null;
        }
        if (target <= minPrice || minPrice >= maxPrice || end <= start)
        {
            return start;
        }
        // Smallest dt with min + (max − min)·dt / span >= target: dt = ceil((target − min)·span / (max − min)).
        var span = end - start;
        var dt = ((target - minPrice) * span + (maxPrice - minPrice) - 1) / (maxPrice - minPrice);
        return start + (long)dt;
    }
}
