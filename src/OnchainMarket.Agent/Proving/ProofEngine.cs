using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using OnchainMarket.Prover.Backends;
using OnchainMarket.Prover.Bn254;
using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Groth16;
using OnchainMarket.Prover.Witness;

namespace OnchainMarket.Agent.Proving;

/// <summary>
/// Proves requests: witness from the circuit's .wasm and the request's input JSON, then Groth16
/// with the configured backend (auto = the GPU when one is present). Proving keys stay loaded
/// between jobs. Each proof's public signals are checked against the request's public inputs
/// before it is returned, so a wrong input never becomes a transaction.
/// </summary>
public sealed class ProofEngine : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Groth16Prover>> _provers = new(StringComparer.Ordinal);
    private readonly IProverBackend _backend;

    public ProofEngine(string backend = "auto")
    {
        _backend = ProverBackends.Create(backend);
    }

    public string BackendName => _backend.Name;

    public ProvedJob Prove(CircuitFiles circuit, string inputJson, IReadOnlyList<BigInteger> expectedPublicInputs, CancellationToken cancellationToken = default) =>
        Prove(circuit, inputJson, expectedPublicInputs, null, null, cancellationToken);

    /// <param name="witnessTimeout">Longest the witness generator may run (the job's time budget).</param>
    /// <param name="witnessMemoryBytes">Memory cap of the witness generator.</param>
    public ProvedJob Prove(CircuitFiles circuit, string inputJson, IReadOnlyList<BigInteger> expectedPublicInputs, TimeSpan? witnessTimeout, long? witnessMemoryBytes, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var input = CircuitInput.Parse(inputJson, "the request's witness input");
        // The key first: its variable count bounds what the witness generator may claim.
        var prover = _provers.GetOrAdd(circuit.ZkeyPath, path => new Lazy<Groth16Prover>(() => new Groth16Prover(ZkeyFile.Read(path), _backend))).Value;
        var limits = new WitnessLimits
        {
            Timeout = witnessTimeout ?? WitnessLimits.Default.Timeout,
            MaxMemoryBytes = witnessMemoryBytes ?? WitnessLimits.Default.MaxMemoryBytes,
            MaxWitnessSize = prover.Zkey.NVars,
        };
        WtnsFile witness;
        // A Wasmtime instance is not shareable between threads: one per proof is cheap for circom's small modules.
        using (var calculator = new WitnessCalculator(circuit.WasmPath, limits: limits))
        {
            witness = calculator.Calculate(input, cancellationToken);
        }
        ProvingResult result;
        lock (prover)
        {
            result = prover.Prove(witness, circuit.Name, cancellationToken: cancellationToken);
        }
        if (!result.PublicSignals.SequenceEqual(expectedPublicInputs))
        {
            throw new InvalidOperationException(
                $"the witness gives public signals [{string.Join(", ", result.PublicSignals)}], the request expects [{string.Join(", ", expectedPublicInputs)}]");
        }
        return new ProvedJob([.. ProofJson.CalldataWords(result.Proof)], result.PublicSignals, started.Elapsed);
    }

    /// <summary>
    /// Times one proof of <paramref name="circuit"/> over a random witness (the work does not
    /// depend on whether the witness satisfies the constraints) to calibrate the cost model.
    /// </summary>
    public TimeSpan Benchmark(CircuitFiles circuit, CancellationToken cancellationToken = default)
    {
        var zkey = ZkeyFile.Read(circuit.ZkeyPath);
        var prover = _provers.GetOrAdd(circuit.ZkeyPath, _ => new Lazy<Groth16Prover>(() => new Groth16Prover(zkey, _backend))).Value;
        var n8 = 32;
        var values = new byte[zkey.NVars * n8];
        var random = new Random(7);
        for (var i = 0; i < zkey.NVars; i++)
        {
            // Values below 2^248 are in the field; slot 0 is the constant one.
            random.NextBytes(values.AsSpan(i * n8, 31));
        }
        values.AsSpan(0, n8).Clear();
        values[0] = 1;
        var witness = new WtnsFile(Fr.Modulus, n8, values);
        lock (prover)
        {
            // Warm-up (JIT, key loading), then the measured run.
            prover.Prove(witness, circuit.Name, cancellationToken: cancellationToken);
            var watch = Stopwatch.StartNew();
            prover.Prove(witness, circuit.Name, cancellationToken: cancellationToken);
            return watch.Elapsed;
        }
    }

    public void Dispose()
    {
        foreach (var prover in _provers.Values.Where(p => p.IsValueCreated))
        {
            prover.Value.Dispose();
        }
        _backend.Dispose();
    }
}
