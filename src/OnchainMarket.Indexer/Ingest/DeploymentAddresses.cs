using System.Text.Json;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Ingest;

/// <summary>
/// Reads the addresses file of a deployment: the one Deploy.s.sol writes (proofMarket, restakingVault,
/// circuitRegistry, exampleRollup, deployedAtBlock) or the one `omkt devnet up` writes (market, vault, registry,
/// rollup, deployBlock).
/// </summary>
public static class DeploymentAddresses
{
    private static readonly Dictionary<string, string> ContractKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["proofMarket"] = "ProofMarket",
        ["market"] = "ProofMarket",
        ["restakingVault"] = "RestakingVault",
        ["vault"] = "RestakingVault",
        ["circuitRegistry"] = "CircuitRegistry",
        ["registry"] = "CircuitRegistry",
        ["exampleRollup"] = "ExampleRollup",
        ["rollup"] = "ExampleRollup",
        ["symbioticStakeSource"] = "SymbioticStakeSource",
    };

    /// <summary>The address → contract map and the deployment block (null when the file does not say).</summary>
    /// <exception cref="InvalidDataException">The file is not such a JSON object, or names a contract with a bad address.</exception>
    public static (IReadOnlyDictionary<Address, string> Contracts, long? DeployedAt) Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the addresses file {path} does not exist", path);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not JSON: {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path} should hold a JSON object of addresses");
            }
            var contracts = new Dictionary<Address, string>();
            long? deployedAt = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (ContractKeys.TryGetValue(property.Name, out var contract) && property.Value.ValueKind == JsonValueKind.String)
                {
                    var text = property.Value.GetString();
                    if (!Address.TryParse(text?.ToLowerInvariant(), out var address))
                    {
                        throw new InvalidDataException($"{path}: '{property.Name}' is not an address: {text}");
                    }
                    if (!address.IsZero)
                    {
                        contracts[address] = contract;
                    }
                }
                else if (property.Name is "deployedAtBlock" or "deployBlock" && property.Value.TryGetInt64(out var block))
                {
                    deployedAt = block;
                }
            }
            if (contracts.Count == 0)
            {
                throw new InvalidDataException($"{path} names none of proofMarket, restakingVault, circuitRegistry, exampleRollup");
            }
            return (contracts, deployedAt);
        }
    }
}
