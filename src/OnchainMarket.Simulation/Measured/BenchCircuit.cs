using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Devnet;
using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Setup;

namespace OnchainMarket.Simulation.Measured;

/// <summary>
/// The measured run's circuit (Circuits/benchhash.circom in this project): compiled with the
/// project's circom2 and given a development proving key by the project's own setup, into
/// .build/bench-circuits; both steps are skipped when their outputs are newer than the source.
/// </summary>
public static class BenchCircuit
{
    public const string Name = "benchhash";

    public static string Source => Path.Combine(RepoPaths.Root, "src", "OnchainMarket.Simulation", "Circuits", Name + ".circom");

    public static string OutputDirectory => Path.Combine(RepoPaths.Root, ".build", "bench-circuits", Name);

    public static async Task<CompiledCircuit> BuildAsync(Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Source))
        {
            throw new FileNotFoundException($"the benchmark circuit {Source} does not exist", Source);
        }
        var r1cs = Path.Combine(OutputDirectory, Name + ".r1cs");
        var wasm = Path.Combine(OutputDirectory, Name + "_js", Name + ".wasm");
        var zkey = Path.Combine(OutputDirectory, Name + ".zkey");
        if (!File.Exists(r1cs) || !File.Exists(wasm) || File.GetLastWriteTimeUtc(r1cs) < File.GetLastWriteTimeUtc(Source))
        {
            progress?.Invoke($"compiling {Name}.circom with circom2");
            var staging = OutputDirectory + ".tmp";
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
            Directory.CreateDirectory(staging);
            // circom2 runs under WASI and sees only paths below its working folder: pass them relative.
            await ChildProcess.RunAsync(
                "node",
                [RepoPaths.Circom, Path.GetRelativePath(RepoPaths.Root, Source), "--r1cs", "--wasm", "-l", "node_modules", "-o", Path.GetRelativePath(RepoPaths.Root, staging)],
                RepoPaths.Root, TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
            if (Directory.Exists(OutputDirectory))
            {
                Directory.Delete(OutputDirectory, recursive: true);
            }
            Directory.Move(staging, OutputDirectory);
        }
        if (!File.Exists(zkey) || File.GetLastWriteTimeUtc(zkey) < File.GetLastWriteTimeUtc(r1cs))
        {
            progress?.Invoke($"development setup for {Name} (single-party: benchmark keys only)");
            DevSetup.CreateFile(r1cs, zkey + ".part");
            File.Move(zkey + ".part", zkey, overwrite: true);
        }
        var system = R1csFile.Read(r1cs);
        return new CompiledCircuit(Name, r1cs, wasm, zkey, (ulong)system.Constraints.Count, system.NPublic);
    }
}
