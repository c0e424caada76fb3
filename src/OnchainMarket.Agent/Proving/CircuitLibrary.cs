using System.Collections.Concurrent;
using System.Numerics;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Proving;

/// <summary>
/// Finds the witness generator and proving key of a registered circuit: looks in the operator's
/// circuits folder (and mirror folder) for files whose keccak256 matches the registry's
/// <c>wasmHash</c> and <c>zkeyHash</c>, fetches them from the metadata URI under the
/// <see cref="FetchPolicy"/> when they are not there, and refuses files that do not match: proving
/// with the wrong key would only produce proofs the chain rejects, and a slash.
/// Everything in the registry is written by whoever registered the circuit: a fetched file is
/// stored under its content hash only (<c>fetched/&lt;keccak&gt;.wasm</c>), so no registered name
/// ever reaches a path, and a registry URI that is a local path is never read.
/// </summary>
public sealed class CircuitLibrary : IDisposable
{
    private readonly string _directory;
    private readonly ConcurrentDictionary<Hash32, CircuitFiles> _resolved = new();
    private readonly ConcurrentDictionary<string, Hash32> _fileHashes = new(StringComparer.Ordinal);
    private readonly SafeFetcher _fetcher;

    public CircuitLibrary(string directory, FetchPolicy? policy = null)
    {
        _directory = Path.GetFullPath(directory);
        if (!Directory.Exists(_directory))
        {
            throw new DirectoryNotFoundException($"the circuits folder {_directory} does not exist");
        }
        Policy = policy ?? FetchPolicy.Default;
        _fetcher = new SafeFetcher(Policy);
    }

    public FetchPolicy Policy { get; }

    /// <summary>The fetcher requests' input URIs go through too (same policy).</summary>
    public SafeFetcher Fetcher => _fetcher;

    public IReadOnlyCollection<CircuitFiles> Known => [.. _resolved.Values];

    /// <summary>Resolves a circuit by its registry metadata; throws <see cref="CircuitFileException"/> when it cannot.</summary>
    public async Task<CircuitFiles> ResolveAsync(MarketContracts contracts, Hash32 circuitId, CancellationToken cancellationToken = default)
    {
        if (_resolved.TryGetValue(circuitId, out var known))
        {
            return known;
        }
        if (!await contracts.IsCircuitRegisteredAsync(circuitId, cancellationToken).ConfigureAwait(false))
        {
            throw new CircuitFileException($"circuit {circuitId} is not registered");
        }
        var metadata = await contracts.CircuitMetadataAsync(circuitId, cancellationToken).ConfigureAwait(false);
        return await ResolveAsync(circuitId, metadata, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Resolves a circuit from registry metadata read by someone this process trusts (a fleet
    /// worker gets it from its coordinator); the files are checked against its hashes all the same.
    /// </summary>
    public async Task<CircuitFiles> ResolveAsync(Hash32 circuitId, RegisteredCircuit metadata, CancellationToken cancellationToken = default)
    {
        if (_resolved.TryGetValue(circuitId, out var known))
        {
            return known;
        }
        var name = metadata.Name;
        var shown = ShownName(name);
        var declared = metadata.Constraints;
        if (declared == 0 || declared > Policy.MaxConstraints)
        {
            throw new CircuitFileException($"circuit '{shown}' declares {declared} constraints, outside 1..{Policy.MaxConstraints}");
        }
        var (wasmHash, zkeyHash, uri) = (metadata.WasmHash, metadata.ZkeyHash, metadata.Uri);

        var wasm = await FindOrFetchAsync(shown, name, ".wasm", wasmHash, uri, Policy.MaxWasmBytes, cancellationToken).ConfigureAwait(false);
        var zkey = await FindOrFetchAsync(shown, name, ".zkey", zkeyHash, uri, Policy.MaxZkeyBytes, cancellationToken).ConfigureAwait(false);
        var files = new CircuitFiles(circuitId, shown, declared, wasm, zkey);
        _resolved[circuitId] = files;
        return files;
    }

    /// <summary>keccak256 of a file's bytes (what the registry's content hashes are).</summary>
    public static Hash32 HashFile(string path) => Keccak256.Hash(File.ReadAllBytes(path));

    /// <summary>A registered name as messages and logs show it: printable, at most 64 characters (it is chain data).</summary>
    public static string ShownName(string name)
    {
        var printable = new string([.. name.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);
        return name.Length > 64 ? printable + "…" : printable;
    }

    private IEnumerable<string> SearchFolders()
    {
        yield return _directory;
        if (Policy.MirrorFolder is { } mirror && Directory.Exists(mirror))
        {
            yield return Path.GetFullPath(mirror);
        }
    }

    private async Task<string> FindOrFetchAsync(string shown, string name, string extension, Hash32 expected, string uri, long maxBytes, CancellationToken cancellationToken)
    {
        foreach (var folder in SearchFolders())
        {
            foreach (var path in Directory.EnumerateFiles(folder, "*" + extension, SearchOption.AllDirectories))
            {
                if (_fileHashes.GetOrAdd(path, HashFile) == expected)
                {
                    return path;
                }
            }
        }
        if (string.IsNullOrWhiteSpace(uri))
        {
            throw new CircuitFileException($"no {extension} file in {_directory} matches circuit '{shown}' (keccak256 {expected}) and the registry gives no URI to fetch it from");
        }
        if (!uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            throw new CircuitFileException(
                $"no {extension} file in {_directory} matches circuit '{shown}' (keccak256 {expected}); its registry URI {SafeFetcher.Shown(uri)} is not fetched (local paths from the chain are never read: copy the files into the circuits or mirror folder)");
        }

        // The name only ever appears escaped inside the URL; the file on disk is named by its hash.
        var source = uri.TrimEnd('/') + "/" + Uri.EscapeDataString(name) + extension;
        var fetched = Path.Combine(_directory, "fetched");
        var target = Path.Combine(fetched, expected.ToString()[2..] + extension);
        if (!Path.GetFullPath(target).StartsWith(fetched + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new CircuitFileException($"refusing to write outside {fetched}");
        }
        Directory.CreateDirectory(fetched);
        var partial = Path.Combine(fetched, $".{Guid.NewGuid():N}.part");
        try
        {
            var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await _fetcher.FetchAsync(source, stream, maxBytes, cancellationToken).ConfigureAwait(false);
            }
            var actual = HashFile(partial);
            if (actual != expected)
            {
                throw new CircuitFileException($"{SafeFetcher.Shown(source)} has keccak256 {actual}, the registry says {expected}: refusing to prove with it");
            }
            File.Move(partial, target, overwrite: true);
        }
        catch (FetchException e)
        {
            throw new CircuitFileException($"could not fetch the {extension} file of circuit '{shown}': {e.Message}", e);
        }
        finally
        {
            File.Delete(partial);
        }
        _fileHashes[target] = expected;
        return target;
    }

    public void Dispose() => _fetcher.Dispose();
}
