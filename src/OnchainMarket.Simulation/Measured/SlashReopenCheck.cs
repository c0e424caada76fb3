using System.Numerics;

namespace OnchainMarket.Simulation.Measured;

/// <summary>
/// One dropout driven through the contracts' slash-and-reopen path on the devnet, beside what the
/// model's rules (<see cref="Mechanisms.Slashing"/>, the re-open ramp, <see cref="Mechanisms.DutchAuction"/>)
/// predict for it. Each <c>…Agrees</c> is one rule checked.
/// </summary>
public sealed record SlashReopenCheck(
    int K,
    BigInteger AssignedPrice,
    BigInteger Slashed,
    BigInteger Compensation,
    BigInteger Bounty,
    BigInteger Keeper,
    BigInteger Burned,
    BigInteger ReopenMinPrice,
    long ReopenRampSeconds,
    BigInteger RescuePrice,
    BigInteger RescuerPaid,
    long LatencySeconds,
    bool SplitAgrees,
    bool ReopenAgrees,
    bool CooldownAgrees,
    bool RescueAgrees,
    long Gas,
    string? Error)
{
    public bool AllAgree => Error is null && SplitAgrees && ReopenAgrees && CooldownAgrees && RescueAgrees;
}
