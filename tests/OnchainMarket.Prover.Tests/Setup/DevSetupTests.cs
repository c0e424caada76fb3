using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Setup;
using OnchainMarket.Prover.Tests.Compatibility;
using Xunit;

namespace OnchainMarket.Prover.Tests.Setup;

[Collection(CircuitCollection.Name)]
public sealed class DevSetupTests(CircuitFixture circuits)
{
    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    public void Dev_zkey_has_the_same_shape_and_coefficients_as_snarkjs_setup(string circuit)
    {
        var theirs = ZkeyFile.Read(circuits.SnarkjsZkey(circuit));

        var ours = DevSetup.Create(R1csFile.Read(circuits.R1cs(circuit)), ToxicWaste.Random());

        Assert.Equal((theirs.NVars, theirs.NPublic, theirs.DomainSize), (ours.NVars, ours.NPublic, ours.DomainSize));
        Assert.Equal(theirs.Coefficients, ours.Coefficients);
        Assert.Equal(theirs.C.Length, ours.C.Length);
        // The same signals have no A (or B) polynomial: the points at infinity sit in the same places.
        Assert.Equal(theirs.A.Select(p => p.IsInfinity), ours.A.Select(p => p.IsInfinity));
        Assert.Equal(theirs.B2.Select(p => p.IsInfinity), ours.B2.Select(p => p.IsInfinity));
    }

    [Fact]
    public void Each_setup_draws_fresh_toxic_waste()
    {
        var r1cs = R1csFile.Read(circuits.R1cs("multi"));

        var first = DevSetup.Create(r1cs, ToxicWaste.Random());
        var second = DevSetup.Create(r1cs, ToxicWaste.Random());

        Assert.NotEqual(first.Delta1, second.Delta1);
        Assert.NotEqual(first.A[1], second.A[1]);
        Assert.All(first.A.Concat(first.B1).Concat(first.C).Concat(first.H).Concat(first.IC), p => Assert.True(p.IsOnCurve()));
        Assert.All(first.B2, p => Assert.True(p.IsOnCurve()));
    }
}
