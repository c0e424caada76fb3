using System.Text.Json;
using System.Text.Json.Serialization;
using OnchainMarket.Agent.State;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Chain;

/// <summary>
/// Where the contracts live: the addresses file that <c>omkt devnet up</c> writes
/// (.devnet/addresses.json) and every other command reads.
/// </summary>
public sealed record Deployment
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public required string RpcUrl { get; init; }

    public required long ChainId { get; init; }

    public required string Registry { get; init; }

    /// <summary>What holds the collateral; files written before the choice existed are <see cref="CollateralKind.Vault"/>.</summary>
    public CollateralKind Collateral { get; init; } = CollateralKind.Vault;

    /// <summary>The RestakingVault (null with Symbiotic collateral).</summary>
    public string? Vault { get; init; }

    /// <summary>The Symbiotic contracts (null with the RestakingVault).</summary>
    public SymbioticDeployment? Symbiotic { get; init; }

    /// <summary>
    /// The stake source under the key the indexer's addresses reader maps to its contract (as Deploy.s.sol writes it),
    /// so `omkt indexer run --addresses` follows its events; written, never read back.
    /// </summary>
    public string? SymbioticStakeSource => Symbiotic?.StakeSource;

    /// <summary>What the market locks and slashes (its IStakeSource): the RestakingVault or the SymbioticStakeSource.</summary>
    [JsonIgnore]
    public string StakeSource => Collateral == CollateralKind.Symbiotic
        ? Symbiotic?.StakeSource ?? throw new InvalidDataException("a Symbiotic deployment without its Symbiotic addresses")
        : Vault ?? throw new InvalidDataException("a vault deployment without its vault address");

    public required string Market { get; init; }

    public required string StakeToken { get; init; }

    public string? Rollup { get; init; }

    /// <summary>Block of the first deployment transaction (where indexers start).</summary>
    public long DeployBlock { get; init; }

    public IReadOnlyList<DeployedCircuit> Circuits { get; init; } = [];

    /// <summary>Role name → address of the funded devnet accounts.</summary>
    public IReadOnlyDictionary<string, string> Accounts { get; init; } = new Dictionary<string, string>();

    /// <summary>The default addresses file, relative to the current folder.</summary>
    public static string DefaultPath => Path.Combine(".devnet", "addresses.json");

    public static Deployment Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the addresses file {path} does not exist (start a devnet with `omkt devnet up`, or pass --addresses)", path);
        }
        try
        {
            var deployment = JsonSerializer.Deserialize<Deployment>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path} is empty");
            var collateral = deployment.Collateral switch
            {
                CollateralKind.Vault => new (string Name, string? Value)[] { ("vault", deployment.Vault) },
                CollateralKind.Symbiotic => deployment.Symbiotic?.Addresses().Select(a => (a.Name, (string?)a.Value)).ToArray()
                    ?? throw new InvalidDataException($"{path}: collateral is symbiotic but 'symbiotic' (its addresses) is missing"),
                _ => throw new InvalidDataException($"{path}: unknown collateral {deployment.Collateral}"),
            };
            foreach (var (name, value) in new (string Name, string? Value)[] { ("registry", deployment.Registry), ("market", deployment.Market), ("stakeToken", deployment.StakeToken) }.Concat(collateral))
            {
                if (!Address.TryParse(value, out _))
                {
                    throw new InvalidDataException($"{path}: '{name}' is not an address: {value}");
                }
            }
            return deployment;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid addresses file: {e.Message}", e);
        }
    }

    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public DeployedCircuit? FindCircuit(string nameOrId) =>
        Circuits.FirstOrDefault(c => string.Equals(c.Name, nameOrId, StringComparison.OrdinalIgnoreCase)
            || string.Equals(c.CircuitId, nameOrId, StringComparison.OrdinalIgnoreCase));
}
