using OnchainMarket.Devnet;

namespace OnchainMarket.Prover.Tests.Compatibility;

/// <summary>
/// The test circuits of tests/circuits, compiled by scripts/make-test-circuits (circom2) into
/// .build/circuits, with a tiny powers-of-tau file; snarkjs-made zkeys are created once per run.
/// </summary>
public sealed class CircuitFixture : IDisposable
{
    private readonly Dictionary<string, string> _snarkjsZkeys = new();
    private readonly object _gate = new();

    public CircuitFixture()
    {
        Root = RepoPaths.Root;
        ExternalProcess.Run(Path.Combine(Root, "scripts", "make-test-circuits"), [], Root);
        WorkDirectory = Directory.CreateTempSubdirectory("omkt-prover-tests-").FullName;
    }

    public string Root { get; }

    /// <summary>A fresh folder for this test run's outputs.</summary>
    public string WorkDirectory { get; }

    public string Ptau => Path.Combine(Root, ".build", "circuits", "pot10.ptau");

    public string R1cs(string name) => Path.Combine(Root, ".build", "circuits", name, name + ".r1cs");

    public string Wasm(string name) => Path.Combine(Root, ".build", "circuits", name, name + "_js", name + ".wasm");

    public string GenerateWitnessJs(string name) => Path.Combine(Root, ".build", "circuits", name, name + "_js", "generate_witness.js");

    public string Output(string fileName) => Path.Combine(WorkDirectory, fileName);

    /// <summary>Writes <paramref name="json"/> to a file in the work folder and returns its path.</summary>
    public string WriteInput(string fileName, string json)
    {
        var path = Output(fileName);
        File.WriteAllText(path, json);
        return path;
    }

    public string Snarkjs(params string[] arguments) =>
        ExternalProcess.Run("node", [RepoPaths.Snarkjs, .. arguments], WorkDirectory);

    /// <summary>Runs `snarkjs groth16 verify`; true when it prints OK.</summary>
    public bool SnarkjsVerifies(string verificationKey, string publicJson, string proofJson)
    {
        var output = ExternalProcess.Run("node", [RepoPaths.Snarkjs, "groth16", "verify", verificationKey, publicJson, proofJson], WorkDirectory, allowFailure: true);
        return output.Contains("OK!", StringComparison.Ordinal) && !output.Contains("Invalid proof", StringComparison.Ordinal);
    }

    /// <summary>Runs circom's own generate_witness.js and returns the .wtns path.</summary>
    public string ReferenceWitness(string name, string inputPath, string outputName)
    {
        var output = Output(outputName);
        ExternalProcess.Run("node", [GenerateWitnessJs(name), Wasm(name), inputPath, output], WorkDirectory);
        return output;
    }

    /// <summary>A zkey made by `snarkjs groth16 setup` from the tiny ptau plus one contribution, cached per run.</summary>
    public string SnarkjsZkey(string name)
    {
        lock (_gate)
        {
            if (_snarkjsZkeys.TryGetValue(name, out var cached))
            {
                return cached;
            }
            var zkey0 = Output(name + "_0.zkey");
            var zkey = Output(name + "_snarkjs.zkey");
            Snarkjs("groth16", "setup", R1cs(name), Ptau, zkey0);
            Snarkjs("zkey", "contribute", zkey0, zkey, "--name=test", "-e=some entropy");
            _snarkjsZkeys[name] = zkey;
            return zkey;
        }
    }

    /// <summary>`snarkjs zkey export verificationkey` into a file; returns its path.</summary>
    public string SnarkjsVerificationKey(string zkey)
    {
        var path = Path.ChangeExtension(zkey, ".vk.json");
        if (!File.Exists(path))
        {
            Snarkjs("zkey", "export", "verificationkey", zkey, path);
        }
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
