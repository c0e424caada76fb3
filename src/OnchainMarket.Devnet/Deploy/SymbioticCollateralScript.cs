using System.Globalization;
using System.Text.Json;
using Nethereum.Web3;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Ethereum;
using RpcRequest = Nethereum.JsonRpc.Client.RpcRequest;

namespace OnchainMarket.Devnet.Deploy;

/// <summary>
/// Deploys Symbiotic collateral on a devnet by running contracts/script/DeploySymbioticCollateral.s.sol with forge:
/// the same SymbioticCollateral that Deploy.s.sol's <c>COLLATERAL=symbiotic</c> uses, so Symbiotic's core (from the
/// out-symbiotic/ artefacts), the vault, our burner and the stake source are deployed one way only. The devnet's
/// deployer is one of anvil's unlocked accounts, so forge sends as it without its key.
/// </summary>
public static class SymbioticCollateralScript
{
    private const string Script = "contracts/script/DeploySymbioticCollateral.s.sol";

    /// <param name="web3">The devnet's node: each attempt runs inside an anvil snapshot, reverted if it fails.</param>
    /// <param name="deployer">Sends every transaction and becomes owner of the stake source and curator of the vault.</param>
    /// <param name="epochSeconds">The vault's epoch; the stake source's slash window is one second less.</param>
    /// <param name="operators">Accounts that get one share each of the vault's network limit (the curator's step).</param>
    public static async Task<SymbioticDeployment> RunAsync(
        IWeb3 web3, string rpcUrl, Address deployer, Address stakeToken, long epochSeconds, IReadOnlyList<Address> operators, CancellationToken cancellationToken)
    {
        // On a loaded machine forge script --broadcast has been seen to hang after its simulation, and to fail with
        // "nonce too low" when its own retry re-sent a transaction the node had already mined (its first request timed
        // out). A normal run takes about 4 s. So each attempt is bounded, and a failed one is undone with anvil's
        // evm_revert before the next: the rerun starts from the same chain and the same deployer nonce.
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await web3.Client.SendRequestAsync<string>(new RpcRequest(attempt, "evm_snapshot")).WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await RunOnceAsync(rpcUrl, deployer, stakeToken, epochSeconds, operators, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException && attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                if (!await web3.Client.SendRequestAsync<bool>(new RpcRequest(attempt, "evm_revert", snapshot)).WaitAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"anvil could not revert to snapshot {snapshot} after a failed Symbiotic deployment: {e.Message}", e);
                }
            }
        }
    }

    private const int MaxAttempts = 3;

    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromMinutes(2);

    private static async Task<SymbioticDeployment> RunOnceAsync(
        string rpcUrl, Address deployer, Address stakeToken, long epochSeconds, IReadOnlyList<Address> operators, CancellationToken cancellationToken)
    {
        // forge may write only inside the repository (foundry.toml fs_permissions); cache/ is ignored by git.
        var output = Path.Combine(RepoPaths.Root, "cache", $"devnet-symbiotic-{Guid.NewGuid():N}.json");
        try
        {
            await ChildProcess.RunAsync(RepoPaths.Forge,
            [
                "script", Script, "--sig", "run(address,uint48,address[],string)",
                stakeToken.ToLowerHex(), epochSeconds.ToString(CultureInfo.InvariantCulture), "[" + string.Join(",", operators.Select(o => o.ToLowerHex())) + "]", output,
                "--rpc-url", rpcUrl, "--unlocked", "--sender", deployer.ToLowerHex(), "--broadcast",
            ], RepoPaths.Root, AttemptTimeout, cancellationToken).ConfigureAwait(false);
            return Read(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static SymbioticDeployment Read(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        string Get(string key) => json.RootElement.TryGetProperty(key, out var value) && Address.TryParse(value.GetString()?.ToLowerInvariant(), out var address)
            ? address.ToString()
            : throw new InvalidDataException($"{Script} wrote no address under '{key}' in {path}");
        return new SymbioticDeployment
        {
            StakeSource = Get("symbioticStakeSource"),
            Vault = Get("symbioticVault"),
            Delegator = Get("symbioticDelegator"),
            Slasher = Get("symbioticSlasher"),
            Burner = Get("symbioticBurner"),
            OperatorRegistry = Get("symbioticOperatorRegistry"),
            NetworkOptIn = Get("symbioticNetworkOptIn"),
            VaultOptIn = Get("symbioticVaultOptIn"),
            VaultFactory = Get("symbioticVaultFactory"),
        };
    }
}
