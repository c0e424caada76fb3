using System.Collections.Concurrent;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Proving;

/// <summary>
/// Finds the witness generator and proving key of a registered circuit: looks in the operator's
/// circuits folder for files whose keccak256 matches the registry's <c>wasmHash</c> and
/// <c>zkeyHash</c>, fetches them from the metadata URI (a local folder, file:// or http(s)://)
/// when they are not there, and refuses files that do not match: proving with the wrong key
/// would only produce proofs the chain rejects, and a slash.
/// </summary>
public sealed class CircuitLibrary
{
    private readonly string _directory;
    private readonly ConcurrentDictionary<Hash32, CircuitFiles> _resolved = new();
    private readonly ConcurrentDictionary<string, Hash32> _fileHashes = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public CircuitLibrary(string directory)
    {
        _directory = Path.GetFullPath(directory);
        if (!Directory.Exists(_directory))
        {
            throw new DirectoryNotFoundException($"the circuits folder {_directory} does not exist");
        }
    }

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
        var (name, wasmHash, zkeyHash, uri) = (metadata.Name, metadata.WasmHash, metadata.ZkeyHash, metadata.Uri);

        var wasm = await FindOrFetchAsync(name, ".wasm", wasmHash, uri, cancellationToken).ConfigureAwait(false);
        var zkey = await FindOrFetchAsync(name, ".zkey", zkeyHash, uri, cancellationToken).ConfigureAwait(false);
        var files = new CircuitFiles(circuitId, name, metadata.Constraints, wasm, zkey);
        _resolved[circuitId] = files;
        return files;
    }

    /// <summary>keccak256 of a file's bytes (what the registry's content hashes are).</summary>
    public static Hash32 HashFile(string path) => Keccak256.Hash(File.ReadAllBytes(path));

    private async Task<string> FindOrFetchAsync(string name, string extension, Hash32 expected, string uri, CancellationToken cancellationToken)
    {
        foreach (var path in Directory.EnumerateFiles(_directory, "*" + extension, SearchOption.AllDirectories))
        {
            var hash = _fileHashes.GetOrAdd(path, HashFile);
            if (hash == expected)
            {
                return path;
            }
        }
        if (string.IsNullOrWhiteSpace(uri))
        {
            throw new CircuitFileException($"no {extension} file in {_directory} matches circuit '{name}' (keccak256 {expected}) and the registry gives no URI to fetch it from");
        }

        var fileName = $"{name}{extension}";
        var target = Path.Combine(_directory, "fetched", expected.ToString()[2..18], fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var source = uri.TrimEnd('/') + "/" + fileName;
        try
        {
            if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                var bytes = await _http.GetByteArrayAsync(new Uri(source), cancellationToken).ConfigureAwait(false);
                await File.WriteAllBytesAsync(target + ".part", bytes, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var local = source.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(source).LocalPath : source;
                // circom writes the witness generator into <name>_js/: accept that layout too.
                var circomLayout = Path.Combine(Path.GetDirectoryName(local)!, name + "_js", fileName);
                if (!File.Exists(local) && File.Exists(circomLayout))
                {
                    local = circomLayout;
                }
                File.Copy(local, target + ".part", overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or UnauthorizedAccessException or UriFormatException)
        {
            throw new CircuitFileException($"could not fetch {fileName} for circuit '{name}' from {source}: {e.Message}", e);
        }
        var actual = HashFile(target + ".part");
        if (actual != expected)
        {
            File.Delete(target + ".part");
            throw new CircuitFileException($"{source} has keccak256 {actual}, the registry says {expected}: refusing to prove with it");
        }
        File.Move(target + ".part", target, overwrite: true);
        _fileHashes[target] = actual;
        return target;
    }
}
