using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using OnchainMarket.Devnet;
using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Catalog;

namespace OnchainMarket.Indexer.Tests.Support;

/// <summary>The real contracts deployed by contracts/script/Deploy.s.sol on a test chain, and calls into them from anvil's unlocked accounts.</summary>
public sealed class MarketDeployment
{
    private MarketDeployment(TestChain chain, string addressesFile, Address market, Address vault, Address token, Hash32 circuitId)
    {
        Chain = chain;
        AddressesFile = addressesFile;
        Market = market;
        Vault = vault;
        Token = token;
        CircuitId = circuitId;
    }

    public static ContractAbi MarketAbi { get; } = EventCatalog.EmbeddedAbi("ProofMarket");

    public static ContractAbi VaultAbi { get; } = EventCatalog.EmbeddedAbi("RestakingVault");

    public static ContractAbi TokenAbi { get; } =
        ContractAbi.Parse(File.ReadAllText(Path.Combine(RepoPaths.ForgeArtifacts, "TestStakeToken.sol", "TestStakeToken.json")));

    public TestChain Chain { get; }

    public string AddressesFile { get; }

    public Address Market { get; }

    public Address Vault { get; }

    public Address Token { get; }

    public Hash32 CircuitId { get; }

    public static async Task<MarketDeployment> DeployAsync(TestChain chain, string folder)
    {
        var output = Path.Combine(folder, "addresses.json");
        var info = new ProcessStartInfo(RepoPaths.Forge)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "script", "contracts/script/Deploy.s.sol", "--rpc-url", chain.Node.RpcUrl.ToString(), "--broadcast", "--private-key", LocalAnvil.DevPrivateKeys[0] })
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["DEPLOY_OUT"] = output;
        // The market caps a request's lifetime at half the withdrawal delay: the scenario's requests live 1200 s.
        info.Environment["WITHDRAWAL_DELAY"] = "2600";
        info.Environment["COMMISSION_DELAY"] = "60";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"forge script Deploy.s.sol failed: {await stdout}{await stderr}");
        }
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        var root = json.RootElement;
        Address Read(string key) => Address.Parse(root.GetProperty(key).GetString()!.ToLowerInvariant());
        return new MarketDeployment(chain, output, Read("proofMarket"), Read("restakingVault"), Read("stakeToken"),
            Hash32.Parse(root.GetProperty("rollupCircuitId").GetString()!));
    }

    /// <summary>
    /// Sends a transaction from an unlocked dev account with a fixed gas limit: a revert is mined as a failed transaction.
    /// anvil answers eth_sendTransaction before its automine task has mined the block, so the receipt is polled for:
    /// read at once it was sometimes absent under load and a mined transaction counted as failed (the scenario's
    /// request ids drifted and its slashes went missing).
    /// </summary>
    public async Task<bool> SendAsync(Address from, Address to, byte[] data, BigInteger? value = null)
    {
        var hash = await Chain.Rpc.SendAsync<Hash32>("eth_sendTransaction",
        [
            new Dictionary<string, string>
            {
                ["from"] = from.ToLowerHex(),
                ["to"] = to.ToLowerHex(),
                ["data"] = HexConvert.ToHex(data),
                ["value"] = HexConvert.ToQuantity(value ?? BigInteger.Zero),
                ["gas"] = HexConvert.ToQuantity(3_000_000),
            },
        ]);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (await Chain.ReceiptAsync(hash) is { } receipt)
            {
                return receipt.GetProperty("status").GetString() == "0x1";
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"transaction {hash} from {from} was not mined in 20 s");
            }
            await Task.Delay(10);
        }
    }

    /// <summary>eth_call of a view at a block; the outputs by name (a single struct output is unpacked into its fields).</summary>
    public async Task<Dictionary<string, object?>> CallAsync(ContractAbi abi, Address to, string function, long block, params object?[] arguments)
    {
        var fn = abi.Function(function);
        var output = fn.DecodeOutput(await Chain.CallAsync(null, to, fn.EncodeCall(arguments), BlockTag.At(block)));
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < fn.Outputs.Count; i++)
        {
            var parameter = fn.Outputs[i];
            if (parameter.Type.Kind == AbiTypeKind.Tuple)
            {
                var fields = (object?[])output[i]!;
                for (var c = 0; c < parameter.Type.Components.Count; c++)
                {
                    result[parameter.Type.Components[c].Name] = fields[c];
                }
            }
            result[parameter.Name.Length > 0 ? parameter.Name : $"out{i}"] = output[i];
        }
        return result;
    }
}
