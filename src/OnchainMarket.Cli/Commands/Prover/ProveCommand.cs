using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using OnchainMarket.Prover.Backends;
using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Groth16;
using OnchainMarket.Prover.Witness;

namespace OnchainMarket.Cli.Commands.Prover;

/// <summary>`omkt prove`: a Groth16 proof from a snarkjs zkey and a witness (or the circuit's wasm and an input).</summary>
internal static class ProveCommand
{
    public static Command Create()
    {
        var zkey = new Option<string>("--zkey") { Description = "Groth16 proving key (.zkey, snarkjs format)", Required = true };
        var wtns = new Option<string?>("--wtns") { Description = "Witness (.wtns), as made by circom's generate_witness.js or omkt witness" };
        var wasm = new Option<string?>("--wasm") { Description = "The circuit's witness generator (.wasm from circom --wasm), with --input" };
        var input = new Option<string?>("--input") { Description = "Input signals (JSON), with --wasm" };
        var proof = new Option<string>("--proof") { Description = "Where to write proof.json (snarkjs format)", Required = true };
        var publicJson = new Option<string>("--public") { Description = "Where to write public.json (snarkjs format)", Required = true };
        var backend = new Option<string>("--backend") { Description = "auto (a CUDA GPU if present), cpu or gpu", DefaultValueFactory = _ => "auto" };
        backend.AcceptOnlyFromAmong([.. ProverBackends.Kinds]);
        var calldata = new Option<bool>("--calldata") { Description = "Also print the Solidity verifier calldata (like snarkjs zkey export soliditycalldata)" };
        var timings = new Option<bool>("--timings") { Description = "Print where the time went (witness, FFT, each MSM) on stderr" };

        var command = new Command("prove", "Make a Groth16 proof (snarkjs-compatible proof.json and public.json)")
        {
            zkey, wtns, wasm, input, proof, publicJson, backend, calldata, timings,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            Run(
                parse.GetValue(zkey)!, parse.GetValue(wtns), parse.GetValue(wasm), parse.GetValue(input),
                parse.GetValue(proof)!, parse.GetValue(publicJson)!, parse.GetValue(backend)!,
                parse.GetValue(calldata), parse.GetValue(timings), cancellationToken);
            return Task.FromResult(0);
        });
        return command;
    }

    private static void Run(
        string zkeyPath, string? wtnsPath, string? wasmPath, string? inputPath, string proofPath, string publicPath,
        string backendKind, bool printCalldata, bool printTimings, CancellationToken cancellationToken)
    {
        ProverErrors.RequireFile(zkeyPath, "--zkey");
        if (wtnsPath is not null == (wasmPath is not null || inputPath is not null))
        {
            throw new CliUsageException("give either --wtns, or --wasm together with --input");
        }
        if (wtnsPath is not null)
        {
            ProverErrors.RequireFile(wtnsPath, "--wtns");
        }
        else
        {
            ProverErrors.RequireFile(wasmPath, "--wasm");
            ProverErrors.RequireFile(inputPath, "--input");
        }
        ProverErrors.RequireOutputFolder(proofPath, "--proof");
        ProverErrors.RequireOutputFolder(publicPath, "--public");

        using var display = new StageDisplay();
        var total = Stopwatch.StartNew();
        ProvingResult result;
        TimeSpan witnessTime = default, loadTime = default, proveTime;
        string backendName;
        ProverErrors.Guard(() =>
        {
            display.Report("reading the proving key and computing the witness");
            // Reading the key and computing the witness are independent: overlap them.
            var keyTask = Task.Run(() =>
            {
                var watch = Stopwatch.StartNew();
                var key = ZkeyFile.Read(zkeyPath);
                loadTime = watch.Elapsed;
                return key;
            }, cancellationToken);
            var witnessTask = Task.Run(() =>
            {
                var watch = Stopwatch.StartNew();
                WtnsFile witness;
                if (wtnsPath is not null)
                {
                    witness = WtnsFile.Read(wtnsPath);
                }
                else
                {
                    using var calculator = new WitnessCalculator(wasmPath!);
                    witness = calculator.Calculate(inputPath!, cancellationToken);
                }
                witnessTime = watch.Elapsed;
                return witness;
            }, cancellationToken);
            Task.WaitAll([keyTask, witnessTask], cancellationToken);

            using var backend = ProverBackends.Create(backendKind);
            using var prover = new Groth16Prover(keyTask.Result, backend);
            backendName = prover.BackendName;
            var watch = Stopwatch.StartNew();
            var progress = new ActionProgress<ProvingStage>(stage => display.Report(stage switch
            {
                ProvingStage.Evaluations => "constraint evaluations",
                ProvingStage.Fft => "FFTs (H polynomial)",
                ProvingStage.Msm => "multi-scalar multiplications",
                _ => "done",
            }));
            result = prover.Prove(witnessTask.Result, wtnsPath ?? inputPath!, progress, cancellationToken);
            proveTime = watch.Elapsed;
            File.WriteAllText(proofPath, ProofJson.Proof(result.Proof));
            File.WriteAllText(publicPath, ProofJson.Public(result.PublicSignals));
            display.Dispose();

            if (printCalldata)
            {
                Console.WriteLine(ProofJson.SolidityCalldata(result.Proof, result.PublicSignals));
            }
            if (printTimings)
            {
                var t = result.Timings;
                var lines = new (string, TimeSpan)[]
                {
                    (wtnsPath is null ? "witness (wasm)" : "witness (read)", witnessTime),
                    ("read zkey", loadTime),
                    ("evaluations", t.Evaluations),
                    ("FFT (6 transforms)", t.Fft),
                    ("MSM A (G1)", t.MsmA),
                    ("MSM B1 (G1)", t.MsmB1),
                    ("MSM B2 (G2)", t.MsmB2),
                    ("MSM C (G1)", t.MsmC),
                    ("MSM H (G1)", t.MsmH),
                    ("proof", proveTime),
                    ("total", total.Elapsed),
                };
                Console.Error.WriteLine($"backend: {backendName}; MSMs run one after the other, each on all cores");
                foreach (var (name, time) in lines)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-20} {time.TotalMilliseconds,10:0.0} ms"));
                }
            }
            return 0;
        });
    }
}
