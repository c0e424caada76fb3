using System.Numerics;
using Nethereum.Signer;
using Nethereum.Web3;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Devnet.Deploy;

/// <summary>
/// A running devnet: anvil started from node_modules, the demo circuits built, the market
/// deployed and accounts funded. Roles use anvil's default keys: 0 deployer (and treasury),
/// 1 requester (the rollup's sequencer), 2.. provers. Disposing stops anvil.
/// </summary>
public sealed class DevnetSession : IAsyncDisposable
{
    /// <summary>The circuits every devnet registers.</summary>
    public static readonly IReadOnlyList<string> CircuitNames = ["rollup", "hashchain"];

    private DevnetSession(LocalAnvil anvil, IWeb3 web3, Deployment deployment, CompiledCircuit rollupPreview)
    {
        Anvil = anvil;
        Web3 = web3;
        Deployment = deployment;
        RollupPreview = rollupPreview;
        // SIGTERM ends the process without unwinding `await using`: stop anvil on the way out anyway.
        AppDomain.CurrentDomain.ProcessExit += StopOnExit;
    }

    private void StopOnExit(object? sender, EventArgs e) => Anvil.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));

    public LocalAnvil Anvil { get; }

    /// <summary>The node, for reads and for anvil's controls (<see cref="AnvilControl"/>); it signs nothing.</summary>
    public IWeb3 Web3 { get; }

    public Deployment Deployment { get; }

    /// <summary>The helper circuit that computes a rollup batch's new root and hash.</summary>
    public CompiledCircuit RollupPreview { get; }

    public static EthECKey DeployerKey => SigningKeys.FromHex(LocalAnvil.DevPrivateKeys[0]);

    public static EthECKey RequesterKey => SigningKeys.FromHex(LocalAnvil.DevPrivateKeys[1]);

    /// <summary>The key of prover <paramref name="index"/> (0-based; up to 7).</summary>
    public static EthECKey ProverKey(int index) => SigningKeys.FromHex(LocalAnvil.DevPrivateKeys[2 + index]);

    /// <param name="collateral">Where provers' collateral lives: the RestakingVault or a Symbiotic vault.</param>
    public static async Task<DevnetSession> StartAsync(
        int provers = 3, int port = 0, Action<string>? progress = null, CollateralKind collateral = CollateralKind.Vault, CancellationToken cancellationToken = default)
    {
        var circuits = new List<CompiledCircuit>();
        foreach (var name in CircuitNames)
        {
            circuits.Add(await CircuitBuilder.BuildAsync(name, progress, cancellationToken: cancellationToken).ConfigureAwait(false));
        }
        var preview = await CircuitBuilder.BuildAsync("rollup_preview", progress, withKey: false, cancellationToken).ConfigureAwait(false);

        progress?.Invoke("starting anvil");
        // The ProofMarket's code is above EIP-170's 24 KiB; a devnet lifts the limit.
        var anvil = await LocalAnvil.StartAsync(new AnvilOptions { Port = port, ExtraArguments = ["--disable-code-size-limit"] }, cancellationToken).ConfigureAwait(false);
        try
        {
            var web3 = MarketContracts.ReadOnlyWeb3(anvil.RpcUrl);
            var sender = new ChainSender(web3, DeployerKey, anvil.ChainId);
            var accounts = new Dictionary<string, Address> { ["deployer"] = DeployerKey.Address(), ["requester"] = RequesterKey.Address() };
            for (var i = 0; i < provers; i++)
            {
                accounts[$"prover{i + 1}"] = ProverKey(i).Address();
            }
            var deployment = await new DevnetDeployer(sender, progress) { Collateral = collateral }.DeployAsync(
                anvil.RpcUrl.ToString(), circuits, "rollup", accounts, BigInteger.Pow(10, 18) * 1000, cancellationToken).ConfigureAwait(false);
            return new DevnetSession(anvil, web3, deployment, preview);
        }
        catch
        {
            await anvil.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Contracts as seen by <paramref name="key"/>.</summary>
    public MarketContracts ContractsFor(EthECKey key, StructuredLog? log = null) =>
        new(Deployment, new ChainSender(Web3, key, Deployment.ChainId, log: log));

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
        await Anvil.DisposeAsync().ConfigureAwait(false);
    }
}
