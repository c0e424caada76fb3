using System.CommandLine;
using System.Numerics;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Cli.Commands.ProverClient;

namespace OnchainMarket.Cli.Commands.Stake;

/// <summary>
/// `omkt stake admit`: the Symbiotic vault's curator gives an operator its share of the market's network limit.
/// Until then a Symbiotic operator has no stake allocated to the market and can take no assignment.
/// </summary>
internal static class StakeAdmitCommand
{
    public static Command Create()
    {
        var addresses = CommonOptions.Addresses();
        var rpc = CommonOptions.Rpc();
        var signer = new SignerOptions(required: true);
        var operatorOption = new Option<string>("--operator") { Description = "The operator to admit (or whose share to change)", Required = true };
        var sharesOption = new Option<string>("--shares") { Description = "Its shares of the network limit; the vault's stake is split pro rata to shares (0 removes it)", DefaultValueFactory = _ => "1" };
        var command = new Command("admit", "Symbiotic curator: set an operator's share of the vault's stake for this market (needs the delegator's OPERATOR_NETWORK_SHARES_SET_ROLE)")
        {
            addresses, rpc, signer, operatorOption, sharesOption,
        };
        command.SetAction((parse, cancellationToken) => ChainErrors.RunAsync(async () =>
        {
            var sharesText = parse.GetValue(sharesOption)!;
            if (!BigInteger.TryParse(sharesText, out var shares) || shares.Sign < 0)
            {
                throw new CliUsageException($"--shares {sharesText} is not a whole number of shares (0 or more)");
            }
            var operatorAddress = ChainContext.ParseAddress(parse.GetValue(operatorOption)!, "--operator");
            var context = await ChainContext.OpenAsync(parse.GetValue(addresses), parse.GetValue(rpc), signer.Read(parse), null, cancellationToken);
            var chain = context.Contracts;
            if (chain.Deployment.Collateral != CollateralKind.Symbiotic)
            {
                throw new CliUsageException($"the market at {chain.Deployment.Market} keeps its collateral in the RestakingVault: operators join it with omkt prover register, no curator admits them");
            }
            if (!await chain.IsOperatorAsync(operatorAddress, cancellationToken))
            {
                throw new CliUsageException($"--operator {operatorAddress} has not joined this market's network and vault in Symbiotic: it runs omkt prover register first");
            }
            var (before, _) = await chain.OperatorNetworkSharesAsync(operatorAddress, cancellationToken);
            var receipt = await chain.SetOperatorNetworkSharesAsync(operatorAddress, shares, cancellationToken);
            var (after, total) = await chain.OperatorNetworkSharesAsync(operatorAddress, cancellationToken);
            // A lock captures the stake one second before its block, so the new split counts from the next second on.
            Console.WriteLine($"operator {operatorAddress}: {after} of {total} network shares (was {before}); it is allocated that part of the vault's stake " +
                $"for locks from the next second on (see omkt stake status --operator {operatorAddress}) (tx {receipt.TransactionHash})");
            return 0;
        }));
        return command;
    }
}
