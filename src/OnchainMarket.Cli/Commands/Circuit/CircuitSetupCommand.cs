using System.CommandLine;
using OnchainMarket.Cli.Commands.Prover;
using OnchainMarket.Prover.Setup;

namespace OnchainMarket.Cli.Commands.Circuit;

/// <summary>`omkt circuit setup`: a development-only Groth16 zkey from an .r1cs.</summary>
internal static class CircuitSetupCommand
{
    public static Command Create()
    {
        var r1cs = new Option<string>("--r1cs") { Description = "The circuit's constraint system (.r1cs from circom --r1cs)", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the proving key (.zkey, snarkjs format)", Required = true };
        var command = new Command("setup", "Make a Groth16 proving key from random toxic waste — FOR DEVELOPMENT ONLY") { r1cs, output };
        command.SetAction(parse =>
        {
            var r1csPath = parse.GetValue(r1cs)!;
            var outputPath = parse.GetValue(output)!;
            ProverErrors.RequireFile(r1csPath, "--r1cs");
            ProverErrors.RequireOutputFolder(outputPath, "--out");
            Console.Error.WriteLine("WARNING: FOR DEVELOPMENT ONLY. This key comes from toxic waste drawn by this process; whoever");
            Console.Error.WriteLine("         holds it could forge proofs. Use a multi-party ceremony (snarkjs) for production keys.");
            using var display = new StageDisplay();
            var zkey = ProverErrors.Guard(() => DevSetup.CreateFile(r1csPath, outputPath, new ActionProgress<string>(display.Report)));
            display.Dispose();
            Console.WriteLine($"{outputPath}: {zkey.NVars} signals, {zkey.NPublic} public, domain 2^{zkey.Log2DomainSize}");
            return 0;
        });
        return command;
    }
}
