using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Setup;

namespace OnchainMarket.Devnet.Deploy;

/// <summary>
/// Compiles the demo circuits (circuits/demo/*.circom) with the project's circom2 and makes
/// their proving keys with the project's own development setup, into .build/demo-circuits.
/// Both steps are skipped when their outputs are newer than their inputs.
/// </summary>
public static class CircuitBuilder
{
    public static string SourceDirectory => Path.Combine(RepoPaths.Root, "circuits", "demo");

    public static string OutputDirectory => Path.Combine(RepoPaths.Root, ".build", "demo-circuits");

    /// <summary>
    /// Copies the built circuits' .wasm and .zkey files, flat, into <paramref name="folder"/> (created): an operator's
    /// circuits folder, since a prover never reads the local paths a registry URI names (hostile-input policy).
    /// </summary>
    public static string CopyCircuitFilesTo(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(OutputDirectory, "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".wasm", StringComparison.Ordinal) || f.EndsWith(".zkey", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }
        return folder;
    }

    /// <param name="withKey">False for helper circuits that only compute witnesses (no proving key).</param>
    public static async Task<CompiledCircuit> BuildAsync(string name, Action<string>? progress = null, bool withKey = true, CancellationToken cancellationToken = default)
    {
        // Several processes (parallel test assemblies, a demo beside a devnet) may build the same
        // circuit at once on a fresh checkout: one builds, the others wait and reuse its output.
        using var buildLock = await AcquireBuildLockAsync(cancellationToken).ConfigureAwait(false);
        return await BuildLockedAsync(name, progress, withKey, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<FileStream> AcquireBuildLockAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(OutputDirectory);
        var path = Path.Combine(OutputDirectory, ".build.lock");
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock on Unix, so this excludes other processes too.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<CompiledCircuit> BuildLockedAsync(string name, Action<string>? progress, bool withKey, CancellationToken cancellationToken)
    {
        var source = Path.Combine(SourceDirectory, name + ".circom");
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"the circuit source {source} does not exist", source);
        }
        var directory = Path.Combine(OutputDirectory, name);
        var r1cs = Path.Combine(directory, name + ".r1cs");
        var wasm = Path.Combine(directory, name + "_js", name + ".wasm");
        var zkey = Path.Combine(directory, name + ".zkey");
        var newestSource = Directory.EnumerateFiles(SourceDirectory, "*.circom").Max(File.GetLastWriteTimeUtc);

        if (!File.Exists(r1cs) || !File.Exists(wasm) || File.GetLastWriteTimeUtc(r1cs) < newestSource)
        {
            progress?.Invoke($"compiling {name}.circom with circom2");
            var staging = directory + ".tmp";
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
            Directory.CreateDirectory(staging);
            // circom2 runs under WASI and sees only paths below its working folder: pass them relative.
            await ChildProcess.RunAsync(
                "node",
                [RepoPaths.Circom, Path.GetRelativePath(RepoPaths.Root, source), "--r1cs", "--wasm",
                 "-l", "node_modules", "-l", Path.GetRelativePath(RepoPaths.Root, SourceDirectory),
                 "-o", Path.GetRelativePath(RepoPaths.Root, staging)],
                RepoPaths.Root, TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
            Directory.Move(staging, directory);
        }

        if (withKey && (!File.Exists(zkey) || File.GetLastWriteTimeUtc(zkey) < File.GetLastWriteTimeUtc(r1cs)))
        {
            progress?.Invoke($"development setup for {name} (single-party: demo keys only)");
            DevSetup.CreateFile(r1cs, zkey + ".part");
            File.Move(zkey + ".part", zkey, overwrite: true);
        }

        var system = R1csFile.Read(r1cs);
        return new CompiledCircuit(name, r1cs, wasm, zkey, (ulong)system.Constraints.Count, system.NPublic);
    }
}
