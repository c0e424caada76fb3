using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Devnet;
using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Setup;

namespace OnchainMarket.Simulation.Measured;

/// <summary>
/// The measured run's circuits (Circuits/benchhash*.circom in this project: <see cref="Small"/> for
/// the tests, <see cref="Large"/> for the benchmark): compiled with the project's circom2 and given a
/// development proving key by the project's own setup, into .build/bench-circuits; both steps are
/// skipped when their outputs are newer than the sources.
/// </summary>
public static class BenchCircuit
{
    /// <summary>Two Poseidon hashes (about 1k constraints).</summary>
    public const string Small = "benchhash";

    /// <summary>Twenty Poseidon hashes (about 10k constraints).</summary>
    public const string Large = "benchhash_large";

    private static string Folder => Path.Combine(RepoPaths.Root, "src", "OnchainMarket.Simulation", "Circuits");

    public static string SourceOf(string name) => Path.Combine(Folder, name + ".circom");

    public static string OutputDirectoryOf(string name) => Path.Combine(RepoPaths.Root, ".build", "bench-circuits", name);

    public static async Task<CompiledCircuit> BuildAsync(string name, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var source = SourceOf(name);
        var output = OutputDirectoryOf(name);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"the benchmark circuit {source} does not exist (known: {Small}, {Large})", source);
        }
        var r1cs = Path.Combine(output, name + ".r1cs");
        var wasm = Path.Combine(output, name + "_js", name + ".wasm");
        var zkey = Path.Combine(output, name + ".zkey");
        // The main includes the shared template: either changing is a new circuit.
        var sourceTime = new[] { source, Path.Combine(Folder, "benchhash_lib.circom") }.Max(File.GetLastWriteTimeUtc);
        if (!File.Exists(r1cs) || !File.Exists(wasm) || File.GetLastWriteTimeUtc(r1cs) < sourceTime)
        {
            progress?.Invoke($"compiling {name}.circom with circom2");
            var staging = output + ".tmp";
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
            Directory.CreateDirectory(staging);
            // circom2 runs under WASI and sees only paths below its working folder: pass them relative.
            await ChildProcess.RunAsync(
                "node",
                [RepoPaths.Circom, Path.GetRelativePath(RepoPaths.Root, source), "--r1cs", "--wasm", "-l", "node_modules", "-o", Path.GetRelativePath(RepoPaths.Root, staging)],
                RepoPaths.Root, TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
            Directory.Move(staging, output);
        }
        if (!File.Exists(zkey) || File.GetLastWriteTimeUtc(zkey) < File.GetLastWriteTimeUtc(r1cs))
        {
            progress?.Invoke($"development setup for {name} (single-party: benchmark keys only)");
            DevSetup.CreateFile(r1cs, zkey + ".part");
            File.Move(zkey + ".part", zkey, overwrite: true);
        }
        var system = R1csFile.Read(r1cs);
        return new CompiledCircuit(name, r1cs, wasm, zkey, (ulong)system.Constraints.Count, system.NPublic);
    }
}
