using System.Numerics;

namespace OnchainMarket.Agent.Transactions;

/// <summary>
/// How a stuck transaction is replaced: same nonce, both fee caps raised by at least
/// <see cref="BumpBps"/> (nodes refuse a replacement under +10%; geth and anvil alike) and never
/// below what the network asks now, up to the operator's ceiling. Beyond the ceiling the
/// transaction is left to land or be dropped; overpaying for a job costs more than missing it.
/// </summary>
public sealed record FeeBumpPolicy
{
    /// <summary>Minimum raise per replacement, in basis points (1250 = +12.5%).</summary>
    public int BumpBps { get; init; } = 1250;

    /// <summary>Most the prover pays per gas.</summary>
    public BigInteger MaxFeePerGasCeiling { get; init; } = BigInteger.Parse("500000000000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How long a transaction may stay unmined before it is replaced.</summary>
    public TimeSpan StuckAfter { get; init; } = TimeSpan.FromSeconds(12);

    /// <summary>Fees for a first attempt: twice the base fee (room for a few full blocks) plus the tip.</summary>
    public FeeCaps Initial(BigInteger baseFee, BigInteger priorityFee)
    {
        var maxFee = BigInteger.Min(baseFee * 2 + priorityFee, MaxFeePerGasCeiling);
        return new FeeCaps(BigInteger.Min(maxFee, priorityFee), maxFee);
    }

    /// <summary>Fees for replacing a transaction sent with <paramref name="previous"/>; null when the ceiling forbids it.</summary>
    public FeeCaps? Bump(FeeCaps previous, BigInteger baseFee, BigInteger priorityFee)
    {
        var tip = BigInteger.Max(Raise(previous.MaxPriorityFeePerGas), priorityFee);
        var maxFee = BigInteger.Max(Raise(previous.MaxFeePerGas), baseFee * 2 + tip);
        if (maxFee > MaxFeePerGasCeiling)
        {
            // The ceiling is still a valid replacement if it is at least the +10% nodes require.
            if (MaxFeePerGasCeiling * 10 < previous.MaxFeePerGas * 11)
            {
                return null;
            }
            maxFee = MaxFeePerGasCeiling;
        }
        return new FeeCaps(BigInteger.Min(tip, maxFee), maxFee);
    }

    private BigInteger Raise(BigInteger value)
    {
        var raised = (value * (10_000 + BumpBps) + 9_999) / 10_000;
        // A zero or tiny fee must still grow, or the replacement is refused as underpriced.
        return raised > value ? raised : value + 1;
    }
}
