using System.Numerics;
using OnchainMarket.Agent.Chain;

namespace OnchainMarket.Agent.Agent;

/// <summary>Operator set-up: vault registration with a commission, declared capacity, own stake.</summary>
public static class Operator
{
    /// <summary>Registers (if not yet), declares <paramref name="capacity"/> and deposits <paramref name="stake"/> (if non-zero).</summary>
    public static async Task RegisterAsync(MarketContracts chain, int commissionBps, int capacity, BigInteger stake, string metadataUri, CancellationToken cancellationToken = default)
    {
        if (commissionBps is < 0 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(commissionBps), commissionBps, "the commission must be between 0 and 10000 bps");
        }
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the capacity must be at least 1");
        }
        if (!await chain.IsOperatorAsync(chain.Account, cancellationToken).ConfigureAwait(false))
        {
            await chain.RegisterOperatorAsync(commissionBps, metadataUri, cancellationToken).ConfigureAwait(false);
        }
        await chain.SetCapacityAsync(capacity, cancellationToken).ConfigureAwait(false);
        if (stake.Sign > 0)
        {
            await chain.DepositAsync(chain.Account, stake, cancellationToken).ConfigureAwait(false);
        }
    }
}
