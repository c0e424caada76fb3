using System.Numerics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using OnchainMarket.Ethereum;
using Xunit;

namespace OnchainMarket.Bindings.Generator.Tests;

/// <summary>The generator's output on committed fixture artifacts: golden files, compilation and behaviour.</summary>
public sealed class GeneratorGoldenTests
{
    [Fact]
    public void Generated_sources_match_the_committed_golden_files()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.FixtureArtifacts());
        var generated = result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Directory.CreateDirectory(GeneratorHarness.GoldenDirectory);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            foreach (var stale in Directory.GetFiles(GeneratorHarness.GoldenDirectory, "*.g.cs"))
            {
                File.Delete(stale);
            }
            foreach (var (hint, text) in generated)
            {
                File.WriteAllText(Path.Combine(GeneratorHarness.GoldenDirectory, hint), text);
            }
        }
        var golden = Directory.GetFiles(GeneratorHarness.GoldenDirectory, "*.g.cs").ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

        Assert.Equal(golden.Keys.Order(StringComparer.Ordinal), generated.Keys.Order(StringComparer.Ordinal));
        foreach (var (hint, text) in generated)
        {
            Assert.True(golden[hint] == text, $"{hint} differs from its golden file; run with UPDATE_GOLDEN=1 to accept the new output.");
        }
    }

    [Fact]
    public void Generated_code_compiles_without_errors_or_warnings()
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.FixtureArtifacts());

        Assert.Empty(result.Diagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Only_contracts_under_the_configured_source_prefixes_get_bindings()
    {
        var defaults = GeneratorHarness.Run(GeneratorHarness.FixtureArtifacts()).Result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Contains("ProbeContract.g.cs", defaults);
        Assert.Contains("IProbeContract.g.cs", defaults);
        Assert.DoesNotContain("VendorContract.g.cs", defaults);
        Assert.DoesNotContain("ProbeTestContract.g.cs", defaults);

        var testsOnly = GeneratorHarness.Run(GeneratorHarness.FixtureArtifacts(), sources: "contracts/test/").Result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Contains("ProbeTestContract.g.cs", testsOnly);
        Assert.DoesNotContain("ProbeContract.g.cs", testsOnly);
    }

    [Fact]
    public void The_namespace_comes_from_the_msbuild_property()
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.FixtureArtifacts(), @namespace: "My.Bindings");
        Assert.All(result.Results.Single().GeneratedSources, s => Assert.Contains("namespace My.Bindings;", s.SourceText.ToString(), StringComparison.Ordinal));
        Assert.NotNull(output.GetTypeByMetadataName("My.Bindings.ProbeContract"));
    }

    [Fact]
    public void Types_shared_by_several_contracts_are_generated_once()
    {
        var (_, output) = GeneratorHarness.Run(GeneratorHarness.FixtureArtifacts());
        var types = output.SyntaxTrees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax>())
            .Select(t => t.Identifier.Text).ToList();

        Assert.Single(types, "CounterChangedEvent");
        Assert.Single(types, "BindingsProbePoint");
        // Same name, different signature: both kept, the second one numbered.
        Assert.Contains("NotOwnerError", types);
        Assert.Contains("NotOwnerError2", types);
    }

    [Fact]
    public void Overloads_keywords_and_reserved_names_become_valid_distinct_members()
    {
        var (_, output) = GeneratorHarness.Run(GeneratorHarness.FixtureArtifacts());
        var probe = output.GetTypeByMetadataName("OnchainMarket.Contracts.ProbeContract")!;
        var iprobe = output.GetTypeByMetadataName("OnchainMarket.Contracts.IProbeContract")!;

        Assert.NotEmpty(probe.GetMembers("AddAsync"));
        Assert.NotEmpty(probe.GetMembers("Add2Async"));
        Assert.NotEmpty(iprobe.GetMembers("MoveAsync"));
        Assert.NotEmpty(iprobe.GetMembers("Move2Async"));
        Assert.NotEmpty(iprobe.GetMembers("DeployFunctionAsync"));
        var keywords = (IMethodSymbol)probe.GetMembers("KeywordsAsync").Single();
        Assert.Equal(["params", "base", "lock", "block", "cancellationToken"], keywords.Parameters.Select(p => p.Name));
        Assert.NotNull(probe.GetTypeMembers("KeywordsOutput").SingleOrDefault());
    }

    [Fact]
    public void An_artifact_with_an_unreadable_abi_is_reported_and_the_others_still_generate()
    {
        var broken = new InMemoryText("/repo/out/Broken.sol/Broken.json",
            """{"abi":[{"type":"function","name":"f","inputs":[{"name":"x"}]}],"bytecode":{"object":"0x"},"metadata":{"settings":{"compilationTarget":{"contracts/src/Broken.sol":"Broken"}}}}""");
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.FixtureArtifacts().Append(broken));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("OMKT001", diagnostic.Id);
        Assert.Contains("Broken.json", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName == "ProbeContract.g.cs");
    }

    [Fact]
    public void Generated_encoders_and_decoders_agree_with_the_runtime_codec()
    {
        var (_, output) = GeneratorHarness.Run(GeneratorHarness.FixtureArtifacts());
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        var context = new AssemblyLoadContext("bindings-" + Guid.NewGuid(), isCollectible: true);
        try
        {
            stream.Position = 0;
            var assembly = context.LoadFromStream(stream);
            var probe = assembly.GetType("OnchainMarket.Contracts.ProbeContract")!;

            var calldata = (byte[])probe.GetMethod("EncodeAdd2Call")!.Invoke(null, [new BigInteger(3), new BigInteger(4)])!;
            Assert.Equal(AbiFunction.Parse("add(uint256,uint256)").EncodeCall(3, 4), calldata);

            var pointType = assembly.GetType("OnchainMarket.Contracts.BindingsProbePoint")!;
            var shapeType = assembly.GetType("OnchainMarket.Contracts.BindingsProbeShape")!;
            var points = Array.CreateInstance(pointType, 2);
            points.SetValue(Activator.CreateInstance(pointType, new BigInteger(-1), new BigInteger(2)), 0);
            points.SetValue(Activator.CreateInstance(pointType, new BigInteger(5), new BigInteger(-7)), 1);
            var shape = Activator.CreateInstance(shapeType, "triangle", points, new byte[32])!;
            var storeCall = (byte[])probe.GetMethod("EncodeStoreCall")!.Invoke(null, [shape])!;
            var decoded = AbiFunction.Parse("store((string,(int64,int64)[],bytes32))").DecodeCall(storeCall);
            var tuple = (object?[])decoded[0]!;
            Assert.Equal("triangle", tuple[0]);
            Assert.Equal(new BigInteger(-7), ((object?[])((object?[])tuple[1]!)[1]!)[1]);

            var eventType = assembly.GetType("OnchainMarket.Contracts.ShapeStoredEvent")!;
            var shapeAbi = AbiType.Parse("(string,(int64,int64)[],bytes32)");
            var owner = new Address(Enumerable.Repeat((byte)0xab, 20).ToArray());
            var log = new Log(
                Address.Zero,
                [Keccak256.Hash("ShapeStored(uint256,string,address,(string,(int64,int64)[],bytes32))"), AbiCodec.EncodeTopic(AbiType.UInt256, 9),
                 AbiCodec.EncodeTopic(AbiType.StringType, "triangle"), AbiCodec.EncodeTopic(AbiType.AddressType, owner)],
                AbiCodec.Encode([shapeAbi], [tuple]),
                1, Hash32.Zero, Hash32.Zero, 0, 0, false);
            var ev = eventType.GetMethod("TryDecode")!.Invoke(null, [log])!;
            Assert.Equal(new BigInteger(9), eventType.GetProperty("Id")!.GetValue(ev));
            Assert.Equal(Keccak256.Hash("triangle"), eventType.GetProperty("Label")!.GetValue(ev));
            Assert.Equal(owner, eventType.GetProperty("Owner")!.GetValue(ev));
            var decodedShape = eventType.GetProperty("Shape")!.GetValue(ev)!;
            Assert.Equal("triangle", shapeType.GetProperty("Label")!.GetValue(decodedShape));
            Assert.Null(eventType.GetMethod("TryDecode")!.Invoke(null, [log with { Topics = log.Topics.Take(3).ToArray() }]));
        }
        finally
        {
            context.Unload();
        }
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
