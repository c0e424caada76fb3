using System.CommandLine;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Units;
using OnchainMarket.Cli.Commands.ProverClient;

namespace OnchainMarket.Cli.Commands.Stake;

/// <summary>`omkt stake deposit`: delegates stake tokens to an operator's pool (or, with Symbiotic collateral, deposits them into the vault).</summary>
internal static class StakeDepositCommand
{
    public static Command Create()
    {
        var addresses = CommonOptions.Addresses();
        var rpc = CommonOptions.Rpc();
        var signer = new SignerOptions(required: true);
        var operatorOption = new Option<string?>("--operator") { Description = "Operator to delegate to (default: your own account)" };
        var amount = new Option<string>("--amount") { Description = "Amount of the stake token (e.g. 5ether)", Required = true };
        var command = new Command("deposit", "Deposit stake tokens with an operator (mints pool shares), or into the Symbiotic vault") { addresses, rpc, signer, operatorOption, amount };
        command.SetAction((parse, cancellationToken) => ChainErrors.RunAsync(async () =>
        {
            var value = ChainContext.ParseAmount(parse.GetValue(amount)!, "--amount");
            if (value.IsZero)
            {
                throw new CliUsageException("--amount must be more than zero");
            }
            var context = await ChainContext.OpenAsync(parse.GetValue(addresses), parse.GetValue(rpc), signer.Read(parse), null, cancellationToken);
            var chain = context.Contracts;
            var balance = await chain.StakeBalanceAsync(chain.Account, cancellationToken);
            if (value > balance)
            {
                throw new CliUsageException($"--amount {TokenAmount.FormatEther(value, "rsETH")} is more than the account holds ({TokenAmount.FormatEther(balance, "rsETH")})");
            }
            if (chain.Deployment.Collateral == CollateralKind.Symbiotic)
            {
                await SymbioticStakeActions.DepositAsync(chain, value, parse.GetValue(operatorOption), cancellationToken);
                return 0;
            }
            var operatorAddress = parse.GetValue(operatorOption) is { } text ? ChainContext.ParseAddress(text, "--operator") : chain.Account;
            if (!await chain.IsOperatorAsync(operatorAddress, cancellationToken))
            {
                throw new CliUsageException($"--operator {operatorAddress} is not a registered operator");
            }
            var receipt = await chain.DepositAsync(operatorAddress, value, cancellationToken);
            var shares = await chain.SharesOfAsync(operatorAddress, chain.Account, cancellationToken);
            Console.WriteLine($"deposited {TokenAmount.FormatEther(value, "rsETH")} with {operatorAddress}; you hold {shares} shares (tx {receipt.TransactionHash})");
            return 0;
        }));
        return command;
    }
}
