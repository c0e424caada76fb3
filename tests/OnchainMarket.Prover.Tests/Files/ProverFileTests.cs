using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Tests.Compatibility;
using Xunit;

namespace OnchainMarket.Prover.Tests.Files;

[Collection(CircuitCollection.Name)]
public sealed class ProverFileTests(CircuitFixture circuits)
{
    [Fact]
    public void R1cs_header_counts_match_the_circuit_source()
    {
        var r1cs = R1csFile.Read(circuits.R1cs("multi"));

        // multi.circom: inputs a, b, c public; x[3], m[2][2] private; outputs out, sum; circom reported 17 wires.
        Assert.Equal(2, r1cs.NPubOut);
        Assert.Equal(3, r1cs.NPubIn);
        Assert.Equal(7, r1cs.NPrvIn);
        Assert.Equal(17, r1cs.NWires);
        Assert.Equal(6, r1cs.Constraints.Count);
    }

    [Fact]
    public void Wtns_written_back_is_byte_identical()
    {
        var input = circuits.WriteInput("roundtrip.json", TestInputs.Poseidon);
        var path = circuits.ReferenceWitness("poseidon", input, "roundtrip.wtns");

        var wtns = WtnsFile.Read(path);

        Assert.Equal(File.ReadAllBytes(path), wtns.Serialize());
    }

    [Fact]
    public void Zkey_written_back_reads_the_same()
    {
        var original = ZkeyFile.Read(circuits.SnarkjsZkey("multi"));
        var copy = circuits.Output("multi.copy.zkey");
        original.Write(copy);

        var again = ZkeyFile.Read(copy);

        Assert.Equal((original.NVars, original.NPublic, original.DomainSize), (again.NVars, again.NPublic, again.DomainSize));
        Assert.Equal(original.Coefficients, again.Coefficients);
        Assert.Equal(original.A, again.A);
        Assert.Equal(original.B2, again.B2);
        Assert.Equal(original.H, again.H);
        Assert.Equal(original.IC, again.IC);
        Assert.Equal(original.Delta2, again.Delta2);
    }

    [Fact]
    public void Snarkjs_zkey_sections_have_the_documented_sizes()
    {
        var zkey = ZkeyFile.Read(circuits.SnarkjsZkey("poseidon"));

        Assert.Equal(2, zkey.NPublic);
        Assert.Equal(zkey.NVars, zkey.A.Length);
        Assert.Equal(zkey.NVars - zkey.NPublic - 1, zkey.C.Length);
        Assert.Equal(zkey.DomainSize, zkey.H.Length);
        Assert.Contains(zkey.A, p => p.IsInfinity);
        // snarkjs's extra A-rows: one per public signal and the one-wire, after the constraints.
        var constraints = R1csFile.Read(circuits.R1cs("poseidon")).Constraints.Count;
        var extra = zkey.Coefficients.Where(c => c.Constraint >= constraints).ToArray();
        Assert.Equal(Enumerable.Range(0, zkey.NPublic + 1), extra.Select(c => c.Signal));
        Assert.All(extra, c => Assert.Equal(0, c.Matrix));
    }
}
