using OnchainMarket.Prover.Backends;
using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Groth16;
using OnchainMarket.Prover.Setup;
using OnchainMarket.Prover.Tests.Compatibility;
using OnchainMarket.Prover.Witness;
using Xunit;

namespace OnchainMarket.Prover.Tests.Groth16;

/// <summary>Our prover, our dev setup and snarkjs, checked against each other in every combination.</summary>
[Collection(CircuitCollection.Name)]
public sealed class SnarkjsCompatibilityTests(CircuitFixture circuits)
{
    public static TheoryData<string, string> Circuits => new()
    {
        { "multi", TestInputs.Multi },
        { "poseidon", TestInputs.Poseidon },
    };

    [Theory]
    [MemberData(nameof(Circuits))]
    public void Snarkjs_verifies_our_proof_made_with_a_snarkjs_zkey(string circuit, string input)
    {
        var zkey = circuits.SnarkjsZkey(circuit);
        var (proof, publicJson) = ProveWithOurs(circuit, input, zkey, "snarkjs-zkey");

        Assert.True(circuits.SnarkjsVerifies(circuits.SnarkjsVerificationKey(zkey), publicJson, proof));
    }

    [Theory]
    [MemberData(nameof(Circuits))]
    public void Snarkjs_verifies_our_proof_made_with_our_dev_zkey(string circuit, string input)
    {
        var zkey = DevZkey(circuit);
        var (proof, publicJson) = ProveWithOurs(circuit, input, zkey, "dev-zkey");

        Assert.True(circuits.SnarkjsVerifies(circuits.SnarkjsVerificationKey(zkey), publicJson, proof));
    }

    [Theory]
    [MemberData(nameof(Circuits))]
    public void Snarkjs_proves_with_our_dev_zkey_and_verifies_with_our_exported_key(string circuit, string input)
    {
        var zkey = DevZkey(circuit);
        var inputPath = circuits.WriteInput($"{circuit}.snarkjs-prove.json", input);
        var wtns = circuits.ReferenceWitness(circuit, inputPath, $"{circuit}.snarkjs-prove.wtns");
        var proof = circuits.Output($"{circuit}.snarkjs.proof.json");
        var publicJson = circuits.Output($"{circuit}.snarkjs.public.json");
        circuits.Snarkjs("groth16", "prove", zkey, wtns, proof, publicJson);
        var ourVk = circuits.Output($"{circuit}.ours.vk.json");
        File.WriteAllText(ourVk, VerificationKeyJson.Snarkjs(ZkeyFile.Read(zkey)));

        Assert.True(circuits.SnarkjsVerifies(ourVk, publicJson, proof));
    }

    [Fact]
    public void A_proof_for_other_public_signals_is_rejected()
    {
        var zkey = circuits.SnarkjsZkey("multi");
        var (proof, publicJson) = ProveWithOurs("multi", TestInputs.Multi, zkey, "tampered");
        var tampered = File.ReadAllText(publicJson).Replace("\"3\"", "\"4\"", StringComparison.Ordinal);
        File.WriteAllText(publicJson, tampered);

        Assert.False(circuits.SnarkjsVerifies(circuits.SnarkjsVerificationKey(zkey), publicJson, proof));
    }

    [Fact]
    public void Exported_verification_key_matches_snarkjs_apart_from_alphabeta()
    {
        var zkey = circuits.SnarkjsZkey("poseidon");
        var theirs = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(circuits.SnarkjsVerificationKey(zkey)))!.AsObject();
        theirs.Remove("vk_alphabeta_12");
        var ours = System.Text.Json.Nodes.JsonNode.Parse(VerificationKeyJson.Snarkjs(ZkeyFile.Read(zkey)))!;

        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(theirs, ours), $"ours:\n{ours}\ntheirs:\n{theirs}");
    }

    [Fact]
    public void Solidity_calldata_matches_snarkjs()
    {
        var zkey = circuits.SnarkjsZkey("multi");
        var (proof, publicJson) = ProveWithOurs("multi", TestInputs.Multi, zkey, "calldata");
        var theirs = circuits.Snarkjs("zkey", "export", "soliditycalldata", publicJson, proof).Trim();
        var ours = ProofJson.SolidityCalldata(ProofJson.ParseProof(File.ReadAllText(proof)), PublicSignals(publicJson));

        Assert.Equal(theirs, ours);
    }

    private static System.Numerics.BigInteger[] PublicSignals(string path) =>
        System.Text.Json.JsonSerializer.Deserialize<string[]>(File.ReadAllText(path))!
            .Select(s => System.Numerics.BigInteger.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private string DevZkey(string circuit)
    {
        var path = circuits.Output($"{circuit}.dev.zkey");
        if (!File.Exists(path))
        {
            DevSetup.CreateFile(circuits.R1cs(circuit), path);
        }
        return path;
    }

    private (string Proof, string Public) ProveWithOurs(string circuit, string input, string zkeyPath, string tag)
    {
        using var calculator = new WitnessCalculator(circuits.Wasm(circuit));
        var witness = calculator.Calculate(CircuitInput.Parse(input));
        using var backend = ProverBackends.Create("cpu");
        using var prover = new Groth16Prover(ZkeyFile.Read(zkeyPath), backend);
        var result = prover.Prove(witness);
        var proof = circuits.Output($"{circuit}.{tag}.proof.json");
        var publicJson = circuits.Output($"{circuit}.{tag}.public.json");
        File.WriteAllText(proof, ProofJson.Proof(result.Proof));
        File.WriteAllText(publicJson, ProofJson.Public(result.PublicSignals));
        return (proof, publicJson);
    }
}
