using OnchainMarket.Prover.Backends;
using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Groth16;
using OnchainMarket.Prover.Tests.Compatibility;
using OnchainMarket.Prover.Witness;
using Xunit;

namespace OnchainMarket.Prover.Tests.Files;

/// <summary>Bad prover inputs end in a ProverInputException naming the file and the problem, never a crash or a wrong proof.</summary>
[Collection(CircuitCollection.Name)]
public sealed class ProverFileErrorTests(CircuitFixture circuits)
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.99)]
    [InlineData(0.001)]
    public void Truncated_zkey_is_reported_as_truncated(double keep)
    {
        var bytes = File.ReadAllBytes(circuits.SnarkjsZkey("multi"));
        var path = Damaged($"truncated-{keep}.zkey", bytes.AsSpan(0, (int)(bytes.Length * keep)).ToArray());

        var error = Assert.Throws<ProverInputException>(() => ZkeyFile.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Matches("truncated|too short", error.Message);
    }

    [Fact]
    public void Plonk_zkey_is_rejected_as_another_protocol()
    {
        var path = circuits.Output("multi.plonk.zkey");
        circuits.Snarkjs("plonk", "setup", circuits.R1cs("multi"), circuits.Ptau, path);

        var error = Assert.Throws<ProverInputException>(() => ZkeyFile.Read(path));

        Assert.Contains("PLONK, not Groth16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zkey_for_another_curve_is_rejected()
    {
        var bytes = File.ReadAllBytes(circuits.SnarkjsZkey("multi"));
        var header = ContainerBytes.SectionOffset(bytes, 2);
        bytes[header + 4] ^= 0x01; // the base field prime q
        var path = Damaged("other-curve.zkey", bytes);

        var error = Assert.Throws<ProverInputException>(() => ZkeyFile.Read(path));

        Assert.Contains("another curve", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_point_is_found_before_proving()
    {
        var bytes = File.ReadAllBytes(circuits.SnarkjsZkey("multi"));
        var a = ContainerBytes.SectionOffset(bytes, 5);
        bytes[a + 64 + 5] ^= 0x40; // A[1].x
        var path = Damaged("bad-point.zkey", bytes);

        var error = Assert.Throws<ProverInputException>(() => ZkeyFile.Read(path));

        Assert.Contains("A point 1 is not on the BN254 curve", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wtns_given_as_a_zkey_is_named_by_its_magic()
    {
        var input = circuits.WriteInput("magic.json", TestInputs.Multi);
        var wtns = circuits.ReferenceWitness("multi", input, "magic.wtns");

        var error = Assert.Throws<ProverInputException>(() => ZkeyFile.Read(wtns));

        Assert.Contains("not a .zkey file (magic \"wtns\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Witness_of_another_circuit_is_rejected_with_both_lengths()
    {
        using var calculator = new WitnessCalculator(circuits.Wasm("poseidon"));
        var witness = calculator.Calculate(CircuitInput.Parse(TestInputs.Poseidon));
        using var backend = ProverBackends.Create("cpu");
        using var prover = new Groth16Prover(ZkeyFile.Read(circuits.SnarkjsZkey("multi")), backend);

        var error = Assert.Throws<ProverInputException>(() => prover.Prove(witness, "poseidon.wtns"));

        Assert.Equal("poseidon.wtns", error.FilePath);
        Assert.Contains($"{witness.Count} values", error.Message, StringComparison.Ordinal);
        Assert.Contains("17 signals", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_witness_file_is_reported()
    {
        var input = circuits.WriteInput("truncated-wtns.json", TestInputs.Multi);
        var bytes = File.ReadAllBytes(circuits.ReferenceWitness("multi", input, "truncated-source.wtns"));
        var path = Damaged("truncated.wtns", bytes.AsSpan(0, bytes.Length - 10).ToArray());

        var error = Assert.Throws<ProverInputException>(() => WtnsFile.Read(path));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    private string Damaged(string name, byte[] bytes)
    {
        var path = circuits.Output(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
