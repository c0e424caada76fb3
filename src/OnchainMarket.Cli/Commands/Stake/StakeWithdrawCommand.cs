using System.CommandLine;
using System.Numerics;
using OnchainMarket.Agent.Units;
using OnchainMarket.Cli.Commands.ProverClient;

namespace OnchainMarket.Cli.Commands.Stake;

/// <summary>`omkt stake withdraw`: queues a withdrawal of pool shares, or completes a queued one.</summary>
internal static class StakeWithdrawCommand
{
    public static Command Create()
    {
        var addresses = CommonOptions.Addresses();
        var rpc = CommonOptions.Rpc();
        var signer = new SignerOptions(required: true);
        var operatorOption = new Option<string?>("--operator") { Description = "The operator whose pool the shares are in (default: your own account)" };
        var shares = new Option<string?>("--shares") { Description = "Shares to withdraw, or 'all'" };
        var complete = new Option<string?>("--complete") { Description = "Complete the queued withdrawal with this id (after the withdrawal delay)" };
        var command = new Command("withdraw", "Queue a withdrawal (stays slashable until it completes) or complete one")
        {
            addresses, rpc, signer, operatorOption, shares, complete,
        };
        command.SetAction((parse, cancellationToken) => ChainErrors.RunAsync(async () =>
        {
            var sharesText = parse.GetValue(shares);
            var completeText = parse.GetValue(complete);
            if ((sharesText is null) == (completeText is null))
            {
                throw new CliUsageException("give either --shares (to queue a withdrawal) or --complete ID");
            }
            using var context = await ChainContext.OpenAsync(parse.GetValue(addresses), parse.GetValue(rpc), signer.Read(parse), null, cancellationToken);
            var chain = context.Contracts;
            if (completeText is not null)
            {
                if (!BigInteger.TryParse(completeText, out var withdrawalId) || withdrawalId.Sign < 0)
                {
                    throw new CliUsageException($"--complete {completeText} is not a withdrawal id");
                }
                var done = await chain.CompleteWithdrawalAsync(withdrawalId, cancellationToken);
                Console.WriteLine($"withdrawal {withdrawalId} completed (tx {done.TransactionHash})");
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
