using System.Numerics;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Units;
using OnchainMarket.Cli.Commands.ProverClient;

namespace OnchainMarket.Cli.Commands.Stake;

/// <summary>
/// `omkt stake deposit|withdraw` when the market's collateral is a Symbiotic vault. A restaker's deposit goes to
/// the vault, not to an operator (the curator's network shares split the vault's stake among operators), and a
/// withdrawal is by amount: asked out now, slashable to the end of the next epoch, claimed after it.
/// </summary>
internal static class SymbioticStakeActions
{
    public static async Task DepositAsync(MarketContracts chain, BigInteger amount, string? operatorOption, CancellationToken cancellationToken)
    {
        if (operatorOption is not null)
        {
            throw new CliUsageException("--operator does not apply to Symbiotic collateral: a deposit goes to the vault, and the curator's network shares decide which operators it backs");
        }
        var receipt = await chain.DepositIntoSymbioticVaultAsync(amount, cancellationToken);
        var active = await chain.SymbioticActiveBalanceAsync(chain.Account, cancellationToken);
        Console.WriteLine($"deposited {TokenAmount.FormatEther(amount, "rsETH")} into the Symbiotic vault {chain.Deployment.Symbiotic!.Vault}; " +
            $"your active balance is {TokenAmount.FormatEther(active, "rsETH")} (tx {receipt.TransactionHash})");
    }

    /// <summary>Asks <paramref name="amountText"/> (an amount or "all") out of the vault.</summary>
    public static async Task WithdrawAsync(MarketContracts chain, string amountText, CancellationToken cancellationToken)
    {
        var active = await chain.SymbioticActiveBalanceAsync(chain.Account, cancellationToken);
        var amount = amountText == "all" ? active : ChainContext.ParseAmount(amountText, "--amount");
        if (amount.IsZero)
        {
            throw new CliUsageException(active.IsZero ? "you have no active balance in the Symbiotic vault" : "--amount must be more than zero");
        }
        if (amount > active)
        {
            throw new CliUsageException($"--amount {TokenAmount.FormatEther(amount, "rsETH")} is more than your active balance in the Symbiotic vault ({TokenAmount.FormatEther(active, "rsETH")})");
        }
        var (epoch, receipt) = await chain.WithdrawFromSymbioticVaultAsync(amount, cancellationToken);
        var (_, duration, nextStart) = await chain.SymbioticEpochAsync(cancellationToken);
        var claimable = DateTimeOffset.FromUnixTimeSeconds(checked((long)(nextStart + duration)));
        Console.WriteLine($"withdrawal of {TokenAmount.FormatEther(amount, "rsETH")} asked for epoch {epoch}: it stays slashable until that epoch ends ({claimable:u}); " +
            $"then claim it with: omkt stake withdraw --complete {epoch} (tx {receipt.TransactionHash})");
    }

    /// <summary>Claims what was asked out for <paramref name="epoch"/>, with a clear refusal before any gas is spent.</summary>
    public static async Task ClaimAsync(MarketContracts chain, BigInteger epoch, CancellationToken cancellationToken)
    {
        var (asked, claimed) = await chain.SymbioticWithdrawalAsync(epoch, chain.Account, cancellationToken);
        if (claimed)
        {
            throw new CliUsageException($"the withdrawal for epoch {epoch} was claimed already");
        }
        if (asked.IsZero)
        {
            throw new CliUsageException($"{chain.Account} has no withdrawal for epoch {epoch} in the Symbiotic vault");
        }
        var (current, duration, nextStart) = await chain.SymbioticEpochAsync(cancellationToken);
        if (epoch >= current)
        {
            // Epoch e ends when e + 1 starts: nextStart is the start of current + 1.
            var from = DateTimeOffset.FromUnixTimeSeconds(checked((long)nextStart + (long)(epoch - current) * (long)duration));
            throw new CliUsageException($"epoch {epoch} has not ended (the vault is in epoch {current}): the withdrawal is still slashable; claim it from {from:u}");
        }
        var (paid, receipt) = await chain.ClaimSymbioticWithdrawalAsync(epoch, cancellationToken);
        Console.WriteLine($"claimed {TokenAmount.FormatEther(paid, "rsETH")} from the Symbiotic vault for epoch {epoch} (tx {receipt.TransactionHash})");
    }
}
