using System.CommandLine;
using OnchainMarket.Agent.Units;
using OnchainMarket.Cli.Commands.ProverClient;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Cli.Commands.Stake;

/// <summary>`omkt stake status`: an operator's pool, free stake, market state and rewards.</summary>
internal static class StakeStatusCommand
{
    public static Command Create()
    {
        var addresses = CommonOptions.Addresses();
        var rpc = CommonOptions.Rpc();
        var signer = new SignerOptions(required: false);
        var operatorOption = new Option<string?>("--operator") { Description = "The operator (default: the key file's account)" };
        var command = new Command("status", "Show an operator's stake, locks, capacity, cooldown and rewards") { addresses, rpc, signer, operatorOption };
        command.SetAction((parse, cancellationToken) => ChainErrors.RunAsync(async () =>
        {
            using var context = await ChainContext.OpenAsync(parse.GetValue(addresses), parse.GetValue(rpc), signer.Read(parse), null, cancellationToken);
            var operatorAddress = parse.GetValue(operatorOption) is { } text
                ? ChainContext.ParseAddress(text, "--operator")
                : context.Key?.Address ?? throw new CliUsageException("give --operator or --key-file");
            var chain = new Agent.Chain.MarketContracts(context.Deployment, context.Rpc, new Agent.Transactions.ChainSender(context.Rpc, context.Key ?? EthereumKey.FromHex(new string('1', 64)), context.Deployment.ChainId));
            if (!await chain.IsOperatorAsync(operatorAddress, cancellationToken))
            {
                throw new CliUsageException($"{operatorAddress} is not a registered operator");
            }
            var total = await chain.TotalStakeAsync(operatorAddress, cancellationToken);
            var free = await chain.FreeStakeAsync(operatorAddress, cancellationToken);
            var state = await chain.OperatorStateAsync(operatorAddress, cancellationToken);
            var rewards = await chain.ClaimableRewardsAsync(operatorAddress, Address.Zero, operatorAddress, cancellationToken);
            Console.WriteLine($"operator      {operatorAddress}");
            Console.WriteLine($"stake         {TokenAmount.FormatEther(total, "rsETH")} (free {TokenAmount.FormatEther(free, "rsETH")}, locked or queued {TokenAmount.FormatEther(total - free, "rsETH")})");
            Console.WriteLine($"capacity      {state.Active}/{state.MaxConcurrent} assignments");
            var cooldown = state.CooldownUntil;
            Console.WriteLine($"cooldown      {(cooldown > DateTimeOffset.UtcNow.ToUnixTimeSeconds() ? $"until {DateTimeOffset.FromUnixTimeSeconds(cooldown):u}" : "none")}");
            Console.WriteLine($"ETH rewards   {TokenAmount.FormatEther(rewards)} claimable by the operator");
            return 0;
        }));
        return command;
    }
}
