using System.CommandLine;
using System.Numerics;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Agent.Units;
using OnchainMarket.Cli.Commands.ProverClient;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Cli.Commands.Stake;

/// <summary>`omkt stake status`: an operator's stake (its RestakingVault pool, or its Symbiotic allocation, locks and the vault's epoch), free stake, market state and rewards.</summary>
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
            var context = await ChainContext.OpenAsync(parse.GetValue(addresses), parse.GetValue(rpc), signer.Read(parse), null, cancellationToken);
            var operatorAddress = parse.GetValue(operatorOption) is { } text
                ? ChainContext.ParseAddress(text, "--operator")
                : context.Key?.Address() ?? throw new CliUsageException("give --operator or --key-file");
            var chain = Request.RequestReader.For(context);
            if (!await chain.IsOperatorAsync(operatorAddress, cancellationToken))
            {
                throw new CliUsageException($"{operatorAddress} is not a registered operator");
            }
            var total = await chain.TotalStakeAsync(operatorAddress, cancellationToken);
            var free = await chain.FreeStakeAsync(operatorAddress, cancellationToken);
            var state = await chain.OperatorStateAsync(operatorAddress, cancellationToken);
            Console.WriteLine($"operator      {operatorAddress}");
            BigInteger rewards;
            if (chain.Deployment.Collateral == Agent.Chain.CollateralKind.Symbiotic)
            {
                var locked = await chain.LockedStakeAsync(operatorAddress, cancellationToken);
                var (epoch, duration, nextStart) = await chain.SymbioticEpochAsync(cancellationToken);
                rewards = await chain.SymbioticRewardsAsync(operatorAddress, Address.Zero, cancellationToken);
                // Free is what the vault's Slasher could still slash at a new lock's capture (our slashes since deducted) minus the open locks.
                Console.WriteLine($"collateral    Symbiotic vault {chain.Deployment.Symbiotic!.Vault}");
                Console.WriteLine($"stake         {TokenAmount.FormatEther(total, "rsETH")} allocated at capture (slashable; locked {TokenAmount.FormatEther(locked, "rsETH")}, free {TokenAmount.FormatEther(free, "rsETH")})");
                Console.WriteLine($"vault epoch   {epoch} ({duration} s; next starts {DateTimeOffset.FromUnixTimeSeconds(checked((long)nextStart)):u}); a lock stays slashable for {duration - 1} s");
            }
            else
            {
                rewards = await chain.ClaimableRewardsAsync(operatorAddress, Address.Zero, operatorAddress, cancellationToken);
                Console.WriteLine($"stake         {TokenAmount.FormatEther(total, "rsETH")} (free {TokenAmount.FormatEther(free, "rsETH")}, locked or queued {TokenAmount.FormatEther(total - free, "rsETH")})");
            }
            Console.WriteLine($"capacity      {state.Active}/{state.MaxConcurrent} assignments");
            var cooldown = state.CooldownUntil;
            Console.WriteLine($"cooldown      {(cooldown > DateTimeOffset.UtcNow.ToUnixTimeSeconds() ? $"until {DateTimeOffset.FromUnixTimeSeconds(cooldown):u}" : "none")}");
            Console.WriteLine($"ETH rewards   {TokenAmount.FormatEther(rewards)} claimable by the operator");
            return 0;
        }));
        return command;
    }
}
