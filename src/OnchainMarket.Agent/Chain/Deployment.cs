using System.Text.Json;
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
    };

    public required string RpcUrl { get; init; }

    public required long ChainId { get; init; }

    public required string Registry { get; init; }

    public required string Vault { get; init; }

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
            foreach (var (name, value) in new[] { ("registry", deployment.Registry), ("vault", deployment.Vault), ("market", deployment.Market), ("stakeToken", deployment.StakeToken) })
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
