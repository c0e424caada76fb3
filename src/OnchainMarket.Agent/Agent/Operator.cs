using System.Numerics;
using OnchainMarket.Agent.Chain;

namespace OnchainMarket.Agent.Agent;

/// <summary>
/// Operator set-up, whichever collateral backs the market: joining its stake source (RestakingVault registration
/// with a commission, or Symbiotic's register and two opt-ins), declared capacity, own stake. Each step is skipped
/// when already done, so running it again is safe.
/// </summary>
public static class Operator
{
    /// <summary>Joins (if not yet), declares <paramref name="capacity"/> (if it differs) and deposits <paramref name="stake"/> (if non-zero).</summary>
    /// <param name="commissionBps">The RestakingVault's commission; Symbiotic pays the operator in full (the curator passes rewards on), so it is not used there.</param>
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
        var symbiotic = chain.Deployment.Collateral == CollateralKind.Symbiotic;
        if (symbiotic)
        {
            await JoinSymbioticAsync(chain, cancellationToken).ConfigureAwait(false);
        }
        else if (!await chain.IsOperatorAsync(chain.Account, cancellationToken).ConfigureAwait(false))
        {
            await chain.RegisterOperatorAsync(commissionBps, metadataUri, cancellationToken).ConfigureAwait(false);
        }
        if ((await chain.OperatorStateAsync(chain.Account, cancellationToken).ConfigureAwait(false)).MaxConcurrent != capacity)
        {
            await chain.SetCapacityAsync(capacity, cancellationToken).ConfigureAwait(false);
        }
        if (stake.Sign > 0)
        {
            await (symbiotic
                ? chain.DepositIntoSymbioticVaultAsync(stake, cancellationToken)
                : chain.DepositAsync(chain.Account, stake, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Symbiotic's operator steps: OperatorRegistry.registerOperator, opt in to the market's network (the stake source), opt in to the vault.</summary>
    private static async Task JoinSymbioticAsync(MarketContracts chain, CancellationToken cancellationToken)
    {
        var me = chain.Account;
        if (!await chain.IsSymbioticOperatorAsync(me, cancellationToken).ConfigureAwait(false))
        {
            await chain.RegisterSymbioticOperatorAsync(cancellationToken).ConfigureAwait(false);
        }
        if (!await chain.IsOptedInToNetworkAsync(me, cancellationToken).ConfigureAwait(false))
        {
            await chain.OptInToNetworkAsync(cancellationToken).ConfigureAwait(false);
        }
        if (!await chain.IsOptedInToVaultAsync(me, cancellationToken).ConfigureAwait(false))
        {
            await chain.OptInToVaultAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
