using System.Numerics;
using CsCheck;
using OnchainMarket.Agent.Transactions;
using Xunit;

namespace OnchainMarket.Agent.Tests.Transactions;

public sealed class FeeBumpPolicyTests
{
    private static readonly BigInteger Gwei = 1_000_000_000;

    [Fact]
    public void The_first_attempt_allows_for_the_base_fee_doubling()
    {
        var fees = new FeeBumpPolicy().Initial(baseFee: 10 * Gwei, priorityFee: Gwei);
        Assert.Equal(21 * Gwei, fees.MaxFeePerGas);
        Assert.Equal(Gwei, fees.MaxPriorityFeePerGas);
    }

    [Fact]
    public void Each_replacement_raises_both_caps_by_at_least_ten_percent() =>
        Gen.Select(Gen.Long[0, 1_000_000_000_000], Gen.Long[0, 1_000_000_000_000], Gen.Long[0, 100_000_000_000])
            .Sample((tip, extra, baseFee) =>
            {
                var policy = new FeeBumpPolicy { MaxFeePerGasCeiling = BigInteger.Pow(10, 15) };
                var previous = new FeeCaps(tip, tip + extra);
                var next = policy.Bump(previous, baseFee, priorityFee: 0);
                Assert.NotNull(next);
                Assert.True(next.Value.MaxFeePerGas * 10 >= previous.MaxFeePerGas * 11);
                Assert.True(next.Value.MaxPriorityFeePerGas * 10 >= previous.MaxPriorityFeePerGas * 11);
                Assert.True(next.Value.MaxPriorityFeePerGas <= next.Value.MaxFeePerGas);
                Assert.True(next.Value.MaxFeePerGas > previous.MaxFeePerGas);
            });

    [Fact]
    public void A_replacement_follows_a_risen_base_fee()
    {
        var next = new FeeBumpPolicy().Bump(new FeeCaps(Gwei, 3 * Gwei), baseFee: 50 * Gwei, priorityFee: 2 * Gwei);
        Assert.Equal(102 * Gwei, next!.Value.MaxFeePerGas);
        Assert.Equal(2 * Gwei, next.Value.MaxPriorityFeePerGas);
    }

    [Fact]
    public void No_replacement_beyond_the_ceiling()
    {
        var policy = new FeeBumpPolicy { MaxFeePerGasCeiling = 100 * Gwei };
        Assert.Equal(100 * Gwei, policy.Bump(new FeeCaps(Gwei, 90 * Gwei), Gwei, Gwei)!.Value.MaxFeePerGas);
        Assert.Null(policy.Bump(new FeeCaps(Gwei, 95 * Gwei), Gwei, Gwei));
    }

    [Fact]
    public void A_zero_fee_still_grows() =>
        Assert.True(new FeeBumpPolicy().Bump(new FeeCaps(0, 0), 0, 0)!.Value.MaxFeePerGas > 0);
}
