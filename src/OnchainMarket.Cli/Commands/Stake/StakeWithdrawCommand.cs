using System.CommandLine;
using System.Numerics;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Units;
using OnchainMarket.Cli.Commands.ProverClient;

namespace OnchainMarket.Cli.Commands.Stake;

/// <summary>`omkt stake withdraw`: queues a withdrawal of pool shares (or, with Symbiotic collateral, asks an amount out of the vault), or completes a queued one.</summary>
internal static class StakeWithdrawCommand
{
    public static Command Create()
    {
        var addresses = CommonOptions.Addresses();
        var rpc = CommonOptions.Rpc();
        var signer = new SignerOptions(required: true);
        var operatorOption = new Option<string?>("--operator") { Description = "The operator whose pool the shares are in (default: your own account)" };
        var shares = new Option<string?>("--shares") { Description = "RestakingVault: pool shares to withdraw, or 'all'" };
        var amount = new Option<string?>("--amount") { Description = "Symbiotic vault: amount to ask out (e.g. 1ether), or 'all'" };
        var complete = new Option<string?>("--complete") { Description = "Complete the queued withdrawal with this id (RestakingVault, after the withdrawal delay) or claim the one of this epoch (Symbiotic, after the epoch ends)" };
        var command = new Command("withdraw", "Queue a withdrawal (stays slashable until it completes) or complete one")
        {
            addresses, rpc, signer, operatorOption, shares, amount, complete,
        };
        command.SetAction((parse, cancellationToken) => ChainErrors.RunAsync(async () =>
        {
            var sharesText = parse.GetValue(shares);
            var amountText = parse.GetValue(amount);
            var completeText = parse.GetValue(complete);
            if (new[] { sharesText, amountText, completeText }.Count(v => v is not null) != 1)
            {
                throw new CliUsageException("give one of --shares (RestakingVault) or --amount (Symbiotic) to queue a withdrawal, or --complete ID");
            }
            var context = await ChainContext.OpenAsync(parse.GetValue(addresses), parse.GetValue(rpc), signer.Read(parse), null, cancellationToken);
            var chain = context.Contracts;
            var symbiotic = chain.Deployment.Collateral == CollateralKind.Symbiotic;
            if (symbiotic && sharesText is not null)
            {
                throw new CliUsageException("the market's collateral is a Symbiotic vault, which withdraws by amount: use --amount (e.g. 1ether, or all)");
            }
            if (!symbiotic && amountText is not null)
            {
                throw new CliUsageException("the market's collateral is the RestakingVault, which withdraws pool shares: use --shares (a number, or all)");
            }
            if (completeText is not null)
            {
                if (!BigInteger.TryParse(completeText, out var withdrawalId) || withdrawalId.Sign < 0)
                {
                    throw new CliUsageException($"--complete {completeText} is not a {(symbiotic ? "Symbiotic epoch" : "withdrawal id")}");
                }
                if (symbiotic)
                {
                    await SymbioticStakeActions.ClaimAsync(chain, withdrawalId, cancellationToken);
                    return 0;
                }
                var done = await chain.CompleteWithdrawalAsync(withdrawalId, cancellationToken);
                Console.WriteLine($"withdrawal {withdrawalId} completed (tx {done.TransactionHash})");
                return 0;
            }
            if (symbiotic)
            {
                await SymbioticStakeActions.WithdrawAsync(chain, amountText!, cancellationToken);
                return 0;
            }
            var operatorAddress = parse.GetValue(operatorOption) is { } text ? ChainContext.ParseAddress(text, "--operator") : chain.Account;
            var held = await chain.SharesOfAsync(operatorAddress, chain.Account, cancellationToken);
            BigInteger count;
            if (sharesText == "all")
            {
                count = held;
            }
            else if (!BigInteger.TryParse(sharesText, out count) || count.Sign <= 0)
            {
                throw new CliUsageException($"--shares {sharesText} is not a positive number of shares (or 'all')");
            }
            if (count > held || held.IsZero)
            {
                throw new CliUsageException($"--shares {count} is more than you hold with {operatorAddress} ({held})");
            }
            var (id, receipt) = await chain.QueueWithdrawalAsync(operatorAddress, count, cancellationToken);
            var delay = await chain.WithdrawalDelayAsync(cancellationToken);
            Console.WriteLine($"withdrawal {id} queued for {count} shares; complete it after {delay} s with: omkt stake withdraw --complete {id} (tx {receipt.TransactionHash})");
            return 0;
        }));
        return command;
    }
}
