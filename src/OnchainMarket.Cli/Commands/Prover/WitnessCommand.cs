using System.CommandLine;
using OnchainMarket.Prover.Witness;

namespace OnchainMarket.Cli.Commands.Prover;

/// <summary>`omkt witness`: runs a circom witness generator in-process (the same bytes as generate_witness.js).</summary>
internal static class WitnessCommand
{
    public static Command Create()
    {
        var wasm = new Option<string>("--wasm") { Description = "The circuit's witness generator (.wasm from circom --wasm)", Required = true };
        var input = new Option<string>("--input") { Description = "Input signals (JSON)", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the witness (.wtns)", Required = true };
        var command = new Command("witness", "Compute a circuit's witness from its input (circom .wasm, in-process)") { wasm, input, output };
        command.SetAction((parse, cancellationToken) =>
        {
            var wasmPath = parse.GetValue(wasm)!;
            var inputPath = parse.GetValue(input)!;
            var outputPath = parse.GetValue(output)!;
            ProverErrors.RequireFile(wasmPath, "--wasm");
            ProverErrors.RequireFile(inputPath, "--input");
            ProverErrors.RequireOutputFolder(outputPath, "--out");
            ProverErrors.Guard(() =>
            {
                using var calculator = new WitnessCalculator(wasmPath);
                calculator.Calculate(inputPath, cancellationToken).Write(outputPath);
                return 0;
            });
            return Task.FromResult(0);
        });
        return command;
    }
}
