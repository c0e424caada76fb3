using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace OnchainMarket.Bindings.Generator;

/// <summary>
/// Generates typed C# bindings from forge artifacts (<c>out/&lt;File&gt;.sol/&lt;Contract&gt;.json</c>) passed as
/// AdditionalFiles. Only contracts whose source path starts with one of the prefixes in the MSBuild property
/// <c>OnchainMarketBindingsSources</c> (default <c>contracts/src/</c>, separated by <c>;</c>) get bindings;
/// <c>OnchainMarketBindingsNamespace</c> (default <c>OnchainMarket.Contracts</c>) names the namespace.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ContractBindingsGenerator : IIncrementalGenerator
{
    private const string DefaultSources = "contracts/src/";
    private const string DefaultNamespace = "OnchainMarket.Contracts";

    private static readonly DiagnosticDescriptor InvalidArtifact = new(
        "OMKT001",
        "Unreadable forge artifact",
        "Forge artifact '{0}' could not be read: {1}",
        "OnchainMarket.Bindings",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor GenerationFailed = new(
        "OMKT002",
        "Bindings generation failed",
        "Bindings could not be generated: {0}",
        "OnchainMarket.Bindings",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var settings = context.AnalyzerConfigOptionsProvider.Select(static (provider, _) =>
        {
            provider.GlobalOptions.TryGetValue("build_property.OnchainMarketBindingsSources", out var sources);
            provider.GlobalOptions.TryGetValue("build_property.OnchainMarketBindingsNamespace", out var ns);
            return (Sources: string.IsNullOrWhiteSpace(sources) ? DefaultSources : sources!, Namespace: string.IsNullOrWhiteSpace(ns) ? DefaultNamespace : ns!.Trim());
        });

        var artifacts = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .Select(static (text, cancellationToken) => Read(text.Path, text.GetText(cancellationToken)));

        context.RegisterSourceOutput(artifacts.Collect().Combine(settings), static (production, input) =>
        {
            var (results, options) = input;
            var prefixes = options.Sources.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim().Replace('\\', '/')).ToArray();
            foreach (var failure in results.Where(r => r.Error is not null))
            {
                production.ReportDiagnostic(Diagnostic.Create(InvalidArtifact, Location.None, failure.Path, failure.Error));
            }
            var selected = results
                .Where(r => r.Artifact is not null && r.Artifact.Entries.Count > 0 && prefixes.Any(p => r.Artifact.SourcePath.StartsWith(p, StringComparison.Ordinal)))
                .Select(r => r.Artifact!)
                .GroupBy(a => a.SourcePath + ":" + a.Name)
                .Select(g => g.First())
                .ToList();
            if (selected.Count == 0)
            {
                return;
            }
            try
            {
                foreach (var file in new BindingsEmitter(options.Namespace, selected).Emit())
                {
                    production.AddSource(file.Key, SourceText.From(file.Value, Encoding.UTF8));
                }
            }
            catch (FormatException e)
            {
                production.ReportDiagnostic(Diagnostic.Create(GenerationFailed, Location.None, e.Message));
            }
        });
    }

    private static ArtifactResult Read(string path, SourceText? text)
    {
        if (text is null)
        {
            return new ArtifactResult(path, null, null);
        }
        var json = text.ToString();
        try
        {
            MiniJson.Parse(json);
        }
        catch (FormatException)
        {
            // Not JSON, or a file forge is still writing: not an artifact this build can use.
            return new ArtifactResult(path, null, null);
        }
        try
        {
            return new ArtifactResult(path, ContractArtifact.TryParse(json), null);
        }
        catch (FormatException e)
        {
            return new ArtifactResult(path, null, e.Message);
        }
    }

    private sealed class ArtifactResult : IEquatable<ArtifactResult>
    {
        public ArtifactResult(string path, ContractArtifact? artifact, string? error)
        {
            Path = path;
            Artifact = artifact;
            Error = error;
        }

        public string Path { get; }

        public ContractArtifact? Artifact { get; }

        public string? Error { get; }

        public bool Equals(ArtifactResult? other) =>
            other is not null && Path == other.Path && Error == other.Error && Equals(Artifact, other.Artifact);

        public override bool Equals(object? obj) => Equals(obj as ArtifactResult);

        public override int GetHashCode() => Path.GetHashCode();
    }
}
