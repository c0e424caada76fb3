using System.Reflection;
using System.Text.Json;
using Nethereum.ABI.ABIDeserialisation;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using OnchainMarket.Contracts.ProofMarket;
using OnchainMarket.Devnet;
using Xunit;

namespace OnchainMarket.IntegrationTests.Bindings;

/// <summary>
/// The compiled services match the forge artifacts on disk: every function selector, event topic and error selector
/// of each deployable contract has its generated type, and no generated type is left from an older ABI.
/// </summary>
public sealed class GeneratedServicesDriftTests
{
    /// <summary>Each generated service: the artifact folder it is generated from, the contract, its namespace.</summary>
    public static TheoryData<string, string, string> Contracts
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var contract in new[] { "ProofMarket", "ProofMarketExtension", "RestakingVault", "CircuitRegistry", "TestStakeToken", "ExampleRollup",
                         "SlashingModule", "SymbioticStakeSource", "SymbioticSlashBurner" })
            {
                data.Add("out", contract, $"OnchainMarket.Contracts.{contract}");
            }
            // Symbiotic's core, from its own build (scripts/setup, FOUNDRY_PROFILE=symbiotic).
            foreach (var contract in new[] { "OperatorRegistry", "OptInService", "Vault", "NetworkRestakeDelegator" })
            {
                data.Add("out-symbiotic", contract, $"OnchainMarket.Contracts.Symbiotic.{contract}");
            }
            return data;
        }
    }

    [Fact]
    public void Every_generated_service_is_checked_here()
    {
        var generated = typeof(ProofMarketService).Assembly.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(n => n.EndsWith(".ContractDefinition", StringComparison.Ordinal))
            .Select(n => n[..^".ContractDefinition".Length])
            .Distinct()
            .Order();
        Assert.Equal(Contracts.Select(row => (string)row[2]).Order(), generated);
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void The_generated_types_cover_exactly_the_artifacts_functions_events_and_errors(string artifacts, string contract, string serviceNamespace)
    {
        var artifactPath = Path.Combine(RepoPaths.Root, artifacts, contract + ".sol", contract + ".json");
        using var artifact = JsonDocument.Parse(File.ReadAllText(artifactPath));
        var abi = new ABIJsonDeserialiser().DeserialiseContract(artifact.RootElement.GetProperty("abi").GetRawText());

        var definitions = typeof(ProofMarketService).Assembly.GetTypes()
            .Where(t => t.Namespace == $"{serviceNamespace}.ContractDefinition" && !t.IsAbstract)
            .ToList();
        var functions = definitions.Where(t => t.GetCustomAttribute<FunctionAttribute>() is not null && typeof(FunctionMessage).IsAssignableFrom(t))
            .Select(t => ABITypedRegistry.GetFunctionABI(t).Sha3Signature);
        var events = definitions.Where(t => t.GetCustomAttribute<EventAttribute>() is not null).Select(t => ABITypedRegistry.GetEvent(t).Sha3Signature);
        var errors = definitions.Where(t => t.GetCustomAttribute<ErrorAttribute>() is not null).Select(t => ABITypedRegistry.GetError(t).Sha3Signature);

        // Nethereum's generator writes no message for a view or pure function without outputs (a hook's no-op such
        // as SymbioticSlashBurner.onSlash): there is nothing to read from it and nothing to send.
        var callable = abi.Functions.Where(f => !(f.Constant && f.OutputParameters.Length == 0));
        Assert.Equal(callable.Select(f => f.Sha3Signature).Order(), functions.Distinct().Order());
        Assert.Equal(abi.Events.Select(e => e.Sha3Signature).Order(), events.Distinct().Order());
        Assert.Equal(abi.Errors.Select(e => e.Sha3Signature).Order(), errors.Distinct().Order());
    }
}
