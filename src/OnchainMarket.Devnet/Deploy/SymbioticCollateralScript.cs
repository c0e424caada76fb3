using System.Globalization;
using System.Text.Json;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Ethereum;

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

    /// <param name="deployer">Sends every transaction and becomes owner of the stake source and curator of the vault.</param>
    /// <param name="epochSeconds">The vault's epoch; the stake source's slash window is one second less.</param>
    /// <param name="operators">Accounts that get one share each of the vault's network limit (the curator's step).</param>
    public static async Task<SymbioticDeployment> RunAsync(
        string rpcUrl, Address deployer, Address stakeToken, long epochSeconds, IReadOnlyList<Address> operators, CancellationToken cancellationToken)
    {
        // forge script --broadcast has been seen (twice in many runs, on a loaded machine) to hang after its simulation,
        // waiting on the broadcast; a normal run takes about 4 s. So each attempt is bounded and a hung one is run again:
        // the rerun simulates from the chain as it is and deploys a fresh set (anything a hung attempt sent is unused).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(rpcUrl, deployer, stakeToken, epochSeconds, operators, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                // Hung: try again.
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
