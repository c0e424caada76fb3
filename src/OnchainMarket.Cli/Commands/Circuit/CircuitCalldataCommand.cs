using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using OnchainMarket.Cli.Commands.Prover;
using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Groth16;

namespace OnchainMarket.Cli.Commands.Circuit;

/// <summary>`omkt circuit calldata`: a proof as the on-chain verifier's arguments (snarkjs's soliditycalldata text).</summary>
internal static class CircuitCalldataCommand
{
    public static Command Create()
    {
        var proof = new Option<string>("--proof") { Description = "proof.json (snarkjs format)", Required = true };
        var publicJson = new Option<string>("--public") { Description = "public.json (snarkjs format)", Required = true };
        var command = new Command("calldata", "Print a proof as Solidity verifier calldata: [A],[[B]],[C],[inputs]") { proof, publicJson };
        command.SetAction(parse =>
        {
            var proofPath = parse.GetValue(proof)!;
            var publicPath = parse.GetValue(publicJson)!;
            ProverErrors.RequireFile(proofPath, "--proof");
            ProverErrors.RequireFile(publicPath, "--public");
            var parsed = ProverErrors.Guard(() => ProofJson.ParseProof(File.ReadAllText(proofPath), proofPath));
            BigInteger[] signals;
            try
            {
                signals = JsonSerializer.Deserialize<string[]>(File.ReadAllText(publicPath))!
                    .Select(s => BigInteger.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
            }
            catch (Exception e) when (e is JsonException or FormatException or ArgumentNullException or NullReferenceException)
            {
                throw new CliUsageException($"{publicPath}: not a snarkjs public.json (an array of decimal strings)");
            }
            Console.WriteLine(ProofJson.SolidityCalldata(parsed, signals));
            return 0;
        });
        return command;
    }
}
