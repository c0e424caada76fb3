namespace OnchainMarket.Simulation.Mechanisms;

/// <summary>Where a slashed amount goes; the four shares add up to the amount slashed.</summary>
public readonly record struct SlashShares(ulong Compensation, ulong Bounty, ulong Keeper, ulong Burned)
{
    public ulong Total => Compensation + Bounty + Keeper + Burned;
}

/// <summary>
/// The slash split as the contract's Slashing library computes it (contracts/src/libraries/Slashing.sol):
/// the requester's compensation and the rescue bounty each a share of the slashed amount capped at
/// the requester's loss (the assigned price), the keeper a share capped at keeperRewardCap, the rest
/// burned. Integer basis points and amounts, rounding down, like the Solidity.
/// </summary>
public static class Slashing
{
    public const uint Bps = 10_000;

    public static SlashShares Split(ulong slashed, uint requesterBps, uint bountyBps, uint keeperBps, ulong keeperRewardCap, ulong lossCap)
    {
        if ((ulong)requesterBps + bountyBps + keeperBps > Bps)
        {
            throw new ArgumentException($"slash shares add up to {requesterBps + bountyBps + keeperBps} bps, more than {Bps}");
        }
        var compensation = Math.Min(Share(slashed, requesterBps), lossCap);
        var bounty = Math.Min(Share(slashed, bountyBps), lossCap);
        var keeper = Math.Min(Share(slashed, keeperBps), keeperRewardCap);
        return new SlashShares(compensation, bounty, keeper, slashed - compensation - bounty - keeper);
    }

    // slashed * bps can exceed 64 bits; the contract works in 256 bits.
    private static ulong Share(ulong amount, uint bps) => (ulong)((UInt128)amount * bps / Bps);
}
