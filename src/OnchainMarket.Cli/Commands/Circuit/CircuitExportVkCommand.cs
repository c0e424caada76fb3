using System.CommandLine;
using OnchainMarket.Cli.Commands.Prover;
using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Setup;

namespace OnchainMarket.Cli.Commands.Circuit;

/// <summary>`omkt circuit export-vk`: the verification key, as snarkjs writes it and as the CircuitRegistry takes it.</summary>
internal static class CircuitExportVkCommand
{
    public static Command Create()
    {
        var zkey = new Option<string>("--zkey") { Description = "Groth16 proving key (.zkey)", Required = true };
        var json = new Option<string?>("--json") { Description = "Write snarkjs's verification_key.json here (without vk_alphabeta_12)" };
        var registry = new Option<string?>("--registry-abi") { Description = "Write the CircuitRegistry encoding here (G2 in EIP-197 order)" };
        var command = new Command("export-vk", "Export the verification key of a zkey (stdout: the registry encoding, unless files are given)")
        {
            zkey, json, registry,
        };
        command.SetAction(parse =>
        {
            var zkeyPath = parse.GetValue(zkey)!;
            var jsonPath = parse.GetValue(json);
            var registryPath = parse.GetValue(registry);
            ProverErrors.RequireFile(zkeyPath, "--zkey");
            if (jsonPath is not null)
            {
                ProverErrors.RequireOutputFolder(jsonPath, "--json");
            }
            if (registryPath is not null)
            {
                ProverErrors.RequireOutputFolder(registryPath, "--registry-abi");
            }
            var key = ProverErrors.Guard(() => ZkeyFile.Read(zkeyPath));
            if (jsonPath is not null)
            {
                File.WriteAllText(jsonPath, VerificationKeyJson.Snarkjs(key));
            }
            if (registryPath is not null)
            {
                File.WriteAllText(registryPath, VerificationKeyJson.Registry(key));
            }
            if (jsonPath is null && registryPath is null)
            {
                Console.WriteLine(VerificationKeyJson.Registry(key));
            }
            return 0;
        });
        return command;
    }
}
