using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace OnchainMarket.Bindings.Generator.Tests;

/// <summary>Runs the generator in-process over fixture artifacts, the way the compiler would.</summary>
internal static class GeneratorHarness
{
    public static string TestsDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    public static string FixturesDirectory => Path.Combine(TestsDirectory(), "Fixtures", "forge-out");

    public static string GoldenDirectory => Path.Combine(TestsDirectory(), "Fixtures", "Golden");

    public static IReadOnlyList<AdditionalText> FixtureArtifacts() =>
        Directory.GetFiles(FixturesDirectory, "*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => (AdditionalText)new FileText(path, File.ReadAllText(path)))
            .ToArray();

    public static CSharpCompilation EmptyCompilation()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = trusted
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(OnchainMarket.Ethereum.AbiCodec).Assembly.Location)
            .Append(typeof(Org.BouncyCastle.Crypto.Digests.KeccakDigest).Assembly.Location)
            .Select(p => MetadataReference.CreateFromFile(p));
        return CSharpCompilation.Create(
            "GeneratedBindings",
            [CSharpSyntaxTree.ParseText("namespace Probe; internal static class Anchor { }", new CSharpParseOptions(LanguageVersion.Preview))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    public static (GeneratorDriverRunResult Result, Compilation Output) Run(IEnumerable<AdditionalText> artifacts, string? sources = null, string? @namespace = null)
    {
        var options = new Dictionary<string, string>();
        if (sources is not null)
        {
            options["build_property.OnchainMarketBindingsSources"] = sources;
        }
        if (@namespace is not null)
        {
            options["build_property.OnchainMarketBindingsNamespace"] = @namespace;
        }
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new ContractBindingsGenerator().AsSourceGenerator()],
            artifacts,
            new CSharpParseOptions(LanguageVersion.Preview),
            new OptionsProvider(options));
        driver = driver.RunGeneratorsAndUpdateCompilation(EmptyCompilation(), out var output, out _);
        return (driver.GetRunResult(), output);
    }

    private sealed class FileText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class OptionsProvider(Dictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options([]);

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
