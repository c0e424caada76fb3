using System.CommandLine;
using Nethereum.Signer;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Cli.Commands.ProverClient;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Cli.Commands.Devnet;

/// <summary>
/// `omkt devnet up`: starts anvil, builds and registers the demo circuits, deploys the market,
/// funds accounts, writes the addresses file and one key file per role, and runs until Ctrl-C.
/// </summary>
internal static class DevnetUpCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port of the node's JSON-RPC (0 picks a free one)", DefaultValueFactory = _ => 8545 };
        var provers = new Option<int>("--provers") { Description = "Prover accounts to fund (up to 8)", DefaultValueFactory = _ => 3 };
        var output = new Option<string>("--out") { Description = "Folder for addresses.json and the key files", DefaultValueFactory = _ => ".devnet" };
        var collateral = CollateralOption.Create("Where provers' collateral lives: vault (the RestakingVault) or symbiotic (Symbiotic's core, a vault and the stake source)");
        var command = new Command("up", "Start anvil, deploy the contracts and circuits, write .devnet/addresses.json; runs until Ctrl-C")
        {
            port, provers, output, collateral,
        };
        command.SetAction((parse, cancellationToken) => ChainErrors.RunAsync(async () =>
        {
            var count = parse.GetValue(provers);
            if (count is < 1 or > 8)
            {
                throw new CliUsageException($"--provers {count} is outside 1..8");
            }
            var folder = parse.GetValue(output)!;
            OnchainMarket.Agent.State.PrivateFiles.CreateNewFolder(folder);
            await using var devnet = await DevnetSession.StartAsync(count, parse.GetValue(port), message => Console.Error.WriteLine($"==> {message}"),
                CollateralOption.Parse(parse.GetValue(collateral)) ?? CollateralKind.Vault, cancellationToken);
            var addressesPath = Path.Combine(folder, "addresses.json");
            devnet.Deployment.Save(addressesPath);
            WriteKey(folder, "deployer", DevnetSession.DeployerKey);
            WriteKey(folder, "requester", DevnetSession.RequesterKey);
            for (var i = 0; i < count; i++)
            {
                WriteKey(folder, $"prover{i + 1}", DevnetSession.ProverKey(i));
            }

            Console.WriteLine($"devnet running at {devnet.Anvil.RpcUrl} (chain {devnet.Deployment.ChainId})");
            Console.WriteLine($"  market    {devnet.Deployment.Market}");
            if (devnet.Deployment.Symbiotic is { } symbiotic)
            {
                Console.WriteLine($"  stake     {symbiotic.StakeSource} (SymbioticStakeSource, the market's Symbiotic network)");
                Console.WriteLine($"  vault     {symbiotic.Vault} (Symbiotic vault; delegator {symbiotic.Delegator}, slasher {symbiotic.Slasher})");
                Console.WriteLine($"  operators {symbiotic.OperatorRegistry} (registry), opt-in network {symbiotic.NetworkOptIn}, vault {symbiotic.VaultOptIn}");
            }
            else
            {
                Console.WriteLine($"  vault     {devnet.Deployment.Vault}");
            }
            Console.WriteLine($"  registry  {devnet.Deployment.Registry}");
            Console.WriteLine($"  stake     {devnet.Deployment.StakeToken} (rsETH)");
            Console.WriteLine($"  rollup    {devnet.Deployment.Rollup}");
            foreach (var circuit in devnet.Deployment.Circuits)
            {
                Console.WriteLine($"  circuit   {circuit.Name,-10} {circuit.CircuitId} ({circuit.Constraints} constraints)");
            }
            Console.WriteLine($"addresses: {addressesPath}; keys: {folder}/<role>.key (deployer, requester, prover1..{count})");
            Console.WriteLine("press Ctrl-C to stop");
            // SIGTERM (a service manager, a test harness) stops the devnet as cleanly as Ctrl-C does.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("stopping the devnet");
            }
            File.Delete(addressesPath);
            return 0;
        }));
        return command;
    }

    private static void WriteKey(string folder, string role, EthECKey key)
    {
        var path = Path.Combine(folder, role + ".key");
        // Created 0600 exclusively: never written with umask permissions, never through a planted symlink.
        OnchainMarket.Agent.State.PrivateFiles.WriteNew(path, System.Text.Encoding.ASCII.GetBytes(HexConvert.ToHex(key.GetPrivateKeyAsBytes()) + Environment.NewLine));
    }
}
