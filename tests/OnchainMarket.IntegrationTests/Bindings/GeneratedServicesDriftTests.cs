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
    public static TheoryData<string> Contracts => new() { "ProofMarket", "ProofMarketExtension", "RestakingVault", "CircuitRegistry", "TestStakeToken", "ExampleRollup" };

    [Theory]
    [MemberData(nameof(Contracts))]
    public void The_generated_types_cover_exactly_the_artifacts_functions_events_and_errors(string contract)
    {
        var artifactPath = Directory.GetFiles(RepoPaths.ForgeArtifacts, contract + ".json", SearchOption.AllDirectories).Single();
        using var artifact = JsonDocument.Parse(File.ReadAllText(artifactPath));
        var abi = new ABIJsonDeserialiser().DeserialiseContract(artifact.RootElement.GetProperty("abi").GetRawText());

        var definitions = typeof(ProofMarketService).Assembly.GetTypes()
            .Where(t => t.Namespace == $"OnchainMarket.Contracts.{contract}.ContractDefinition" && !t.IsAbstract)
            .ToList();
        var functions = definitions.Where(t => t.GetCustomAttribute<FunctionAttribute>() is not null && typeof(FunctionMessage).IsAssignableFrom(t))
            .Select(t => ABITypedRegistry.GetFunctionABI(t).Sha3Signature);
        var events = definitions.Where(t => t.GetCustomAttribute<EventAttribute>() is not null).Select(t => ABITypedRegistry.GetEvent(t).Sha3Signature);
        var errors = definitions.Where(t => t.GetCustomAttribute<ErrorAttribute>() is not null).Select(t => ABITypedRegistry.GetError(t).Sha3Signature);

        Assert.Equal(abi.Functions.Select(f => f.Sha3Signature).Order(), functions.Distinct().Order());
        Assert.Equal(abi.Events.Select(e => e.Sha3Signature).Order(), events.Distinct().Order());
        Assert.Equal(abi.Errors.Select(e => e.Sha3Signature).Order(), errors.Distinct().Order());
    }
}
