namespace OnchainMarket.Simulation.Mechanisms;

/// <summary>
/// The reverse Dutch auction's price curve as the contract's DutchAuction library computes it
/// (contracts/src/libraries/DutchAuction.sol): the offered price rises linearly from minPrice at
/// <c>start</c> to maxPrice at <c>end</c> (integer arithmetic, rounding down), then stays at maxPrice.
/// The first eligible prover to lock is assigned at the price of its lock's block timestamp.
/// </summary>
public static class DutchAuction
{
    /// <summary>The offered price at time <paramref name="t"/> (seconds, like block.timestamp).</summary>
    public static ulong PriceAt(ulong minPrice, ulong maxPrice, ulong start, ulong end, ulong t)
    {
        if (t <= start || minPrice >= maxPrice)
        {
            return minPrice >= maxPrice ? maxPrice : minPrice;
        }
        if (t >= end)
        {
            return maxPrice;
        }
        // (max - min) * (t - start) can exceed 64 bits; the contract works in 256 bits.
        return minPrice + (ulong)((UInt128)(maxPrice - minPrice) * (t - start) / (end - start));
    }

    /// <summary>
    /// The earliest time at which <see cref="PriceAt"/> reaches <paramref name="ask"/>: what a prover
    /// locking at its ask waits for. Null when it never does (ask above maxPrice).
    /// </summary>
    public static ulong? TimeReaching(ulong minPrice, ulong maxPrice, ulong start, ulong end, ulong ask)
    {
        if (minPrice >= maxPrice)
        {
            // The curve is flat at maxPrice.
            return ask <= maxPrice ? start : null;
        }
        if (ask <= minPrice)
        {
            return start;
        }
        if (ask > maxPrice)
        {
            return null;
        }
        if (end <= start)
        {
            return start + 1;
        }
        // Smallest elapsed with floor((max - min) * elapsed / (end - start)) >= ask - min.
        var span = (UInt128)(maxPrice - minPrice);
        var need = (UInt128)(ask - minPrice) * (end - start);
        return start + (ulong)((need + span - 1) / span);
    }
}
