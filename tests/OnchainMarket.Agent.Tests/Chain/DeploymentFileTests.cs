using System.Text.Json;
using OnchainMarket.Agent.Chain;
using Xunit;

namespace OnchainMarket.Agent.Tests.Chain;

/// <summary>The addresses file every command reads: what `devnet up` saves loads back the same, and a bad file is named.</summary>
public sealed class DeploymentFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("omkt-deployment-").FullName;

    private static string A(int n) => "0x" + n.ToString("x40", System.Globalization.CultureInfo.InvariantCulture);

    private static Deployment Symbiotic() => new()
    {
        RpcUrl = "http://127.0.0.1:8545",
        ChainId = 31337,
        Registry = A(1),
        Market = A(2),
        StakeToken = A(3),
        Rollup = A(4),
        Collateral = CollateralKind.Symbiotic,
        Symbiotic = new SymbioticDeployment
        {
            StakeSource = A(10), Vault = A(11), Delegator = A(12), Slasher = A(13), Burner = A(14),
            OperatorRegistry = A(15), NetworkOptIn = A(16), VaultOptIn = A(17), VaultFactory = A(18),
        },
        DeployBlock = 7,
        Circuits = [new DeployedCircuit { Name = "rollup", CircuitId = "0x" + new string('a', 64), Constraints = 1253, PublicInputs = 3, Wasm = "/c/r.wasm", Zkey = "/c/r.zkey", WasmHash = "0x01", ZkeyHash = "0x02" }],
        Accounts = new Dictionary<string, string> { ["prover1"] = A(20) },
    };

    [Fact]
    public void A_symbiotic_deployment_saved_and_loaded_is_the_same_in_every_field()
    {
        var path = Path.Combine(_folder, "addresses.json");
        var saved = Symbiotic();
        saved.Save(path);
        var loaded = Deployment.Load(path);

        // Records compare their lists by reference: compare every field through its serialized form, then the parts.
        Assert.Equal(JsonSerializer.Serialize(saved), JsonSerializer.Serialize(loaded));
        Assert.Equal(saved.Symbiotic, loaded.Symbiotic);
        Assert.Equal(saved.Circuits, loaded.Circuits);
        Assert.Equal(saved.Accounts, loaded.Accounts);
        Assert.Equal(A(10), loaded.StakeSource);
        Assert.Contains("\"collateral\": \"symbiotic\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("symbiotic", "'symbiotic' (its addresses) is missing")]
    [InlineData("symbiotic.vault", "'symbiotic.vault' is not an address")]
    [InlineData("market", "'market' is not an address")]
    public void A_file_with_a_missing_or_broken_address_is_refused_naming_it(string broken, string expected)
    {
        var path = Path.Combine(_folder, "addresses.json");
        Symbiotic().Save(path);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        switch (broken)
        {
            case "symbiotic":
                json.Remove("symbiotic");
                break;
            case "symbiotic.vault":
                json["symbiotic"]!["vault"] = "0x1234";
                break;
            default:
                json[broken] = "not-an-address";
                break;
        }
        File.WriteAllText(path, json.ToJsonString());

        var error = Assert.Throws<InvalidDataException>(() => Deployment.Load(path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_json_is_refused_naming_the_file()
    {
        var path = Path.Combine(_folder, "addresses.json");
        File.WriteAllText(path, "{ not json");
        var error = Assert.Throws<InvalidDataException>(() => Deployment.Load(path));
        Assert.Contains("is not a valid addresses file", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
