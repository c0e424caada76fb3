using System.Text.Json;
using OnchainMarket.Devnet;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Chain;

/// <summary>A compiled contract from forge's out/ folder: its ABI and creation code.</summary>
public sealed class ContractArtifact
{
    private static readonly Dictionary<string, ContractArtifact> Cache = [];
    private static readonly Lock CacheGate = new();

    private ContractArtifact(string name, ContractAbi abi, byte[] bytecode)
    {
        Name = name;
        Abi = abi;
        Bytecode = bytecode;
    }

    public string Name { get; }

    public ContractAbi Abi { get; }

    /// <summary>Creation code (empty for interfaces).</summary>
    public byte[] Bytecode { get; }

    /// <summary>Loads out/&lt;name&gt;.sol/&lt;name&gt;.json (cached) and registers its custom errors for revert decoding.</summary>
    public static ContractArtifact Load(string name)
    {
        lock (CacheGate)
        {
            if (Cache.TryGetValue(name, out var cached))
            {
                return cached;
            }
            var path = Path.Combine(RepoPaths.ForgeArtifacts, $"{name}.sol", $"{name}.json");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{path} is missing: run scripts/setup (forge build) first.", path);
            }
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var abi = ContractAbi.FromJson(document.RootElement);
            var code = document.RootElement.TryGetProperty("bytecode", out var bytecode) && bytecode.TryGetProperty("object", out var obj)
                ? HexConvert.FromHex(obj.GetString() ?? "0x")
                : [];
            RevertErrorRegistry.Default.RegisterAll(abi);
            var artifact = new ContractArtifact(name, abi, code);
            Cache[name] = artifact;
            return artifact;
        }
    }

    /// <summary>Creation code followed by the ABI-encoded constructor arguments.</summary>
    public byte[] DeploymentData(params object?[] constructorArguments)
    {
        if (Bytecode.Length == 0)
        {
            throw new InvalidOperationException($"{Name} has no creation code (an interface or abstract contract?)");
        }
        if (constructorArguments.Length != Abi.ConstructorInputs.Count)
        {
            throw new ArgumentException($"{Name}'s constructor takes {Abi.ConstructorInputs.Count} arguments, got {constructorArguments.Length}");
        }
        var encoded = AbiCodec.Encode(Abi.ConstructorInputs.Select(i => i.Type).ToArray(), constructorArguments);
        return [.. Bytecode, .. encoded];
    }
}
