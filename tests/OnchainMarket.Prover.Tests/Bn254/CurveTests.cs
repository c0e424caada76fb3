using System.Numerics;
using OnchainMarket.Prover.Bn254;
using Xunit;

namespace OnchainMarket.Prover.Tests.Bn254;

public sealed class CurveTests
{
    private static Fr RandomScalar(Random random) =>
        Fr.FromBigInteger(new BigInteger(random.NextInt64()) * random.NextInt64() * random.NextInt64() * random.NextInt64());

    private static G1Projective RandomG1(Random random) => G1Projective.Multiply(G1Affine.Generator, RandomScalar(random));

    private static G2Projective RandomG2(Random random) => G2Projective.Multiply(G2Affine.Generator, RandomScalar(random));

    [Fact]
    public void Generators_are_on_their_curves_and_have_order_r()
    {
        Assert.True(G1Affine.Generator.IsOnCurve());
        Assert.True(G2Affine.Generator.IsOnCurve());
        Assert.True(G2Affine.Generator.IsInSubgroup());
        Assert.True(G1Projective.Generator.Multiply(Fr.Modulus).IsInfinity);
        Assert.True(G2Projective.Generator.Multiply(Fr.Modulus).IsInfinity);
        Assert.False(G1Projective.Generator.Multiply(Fr.Modulus - 1).IsInfinity);
        Assert.Equal(G2Projective.Generator.Negate(), G2Projective.Generator.Multiply(Fr.Modulus - 1));
    }

    [Fact]
    public void A_point_off_the_curve_is_detected()
    {
        var bad = new G1Affine(Fq.One, Fq.One);
        Assert.False(bad.IsOnCurve());
        var badG2 = new G2Affine(Fq2.One, Fq2.One);
        Assert.False(badG2.IsOnCurve());
    }

    [Fact]
    public void Infinity_is_the_identity_everywhere()
    {
        var random = new Random(1);
        G1Projective p = RandomG1(random);
        G1Affine pa = p.ToAffine();
        Assert.True(G1Affine.Infinity.IsInfinity);
        Assert.True(G1Affine.Infinity.IsOnCurve());
        Assert.True(G1Projective.Infinity.IsInfinity);
        Assert.Equal(p, p.Add(G1Projective.Infinity));
        Assert.Equal(p, G1Projective.Infinity.Add(p));
        Assert.Equal(p, p.AddMixed(G1Affine.Infinity));
        Assert.Equal(G1Projective.FromAffine(pa), G1Projective.Infinity.AddMixed(pa));
        Assert.True(G1Projective.Infinity.Double().IsInfinity);
        Assert.True(G1Projective.Infinity.ToAffine().IsInfinity);
        Assert.True(G1Projective.FromAffine(G1Affine.Infinity).IsInfinity);
        Assert.True(p.Add(p.Negate()).IsInfinity);
        Assert.True(p.AddMixed(pa.Negate()).IsInfinity);
        Assert.True(G1Projective.Multiply(pa, Fr.Zero).IsInfinity);
        Assert.True(G1Projective.Multiply(G1Affine.Infinity, Fr.FromBigInteger(5)).IsInfinity);

        G2Projective q = RandomG2(random);
        Assert.Equal(q, q.Add(G2Projective.Infinity));
        Assert.Equal(q, q.AddMixed(G2Affine.Infinity));
        Assert.True(q.Add(q.Negate()).IsInfinity);
        Assert.True(G2Projective.Infinity.ToAffine().IsInfinity);
    }

    [Fact]
    public void Addition_is_associative_and_commutative_and_doubling_agrees()
    {
        var random = new Random(2);
        for (int i = 0; i < 4; i++)
        {
            G1Projective a = RandomG1(random), b = RandomG1(random), c = RandomG1(random);
            Assert.Equal(a.Add(b).Add(c), a.Add(b.Add(c)));
            Assert.Equal(a.Add(b), b.Add(a));
            Assert.Equal(a.Double(), a.Add(a));
            Assert.Equal(a.Double(), a.AddMixed(a.ToAffine()));
            Assert.Equal(a.Add(b), a.AddMixed(b.ToAffine()));
            Assert.True(a.ToAffine().IsOnCurve());
            Assert.True(a.Add(b).Double().ToAffine().IsOnCurve());

            G2Projective x = RandomG2(random), y = RandomG2(random), z = RandomG2(random);
            Assert.Equal(x.Add(y).Add(z), x.Add(y.Add(z)));
            Assert.Equal(x.Double(), x.Add(x));
            Assert.Equal(x.Double(), x.AddMixed(x.ToAffine()));
            Assert.True(x.Add(y).ToAffine().IsOnCurve());
        }
    }

    [Fact]
    public void Scalar_multiplication_matches_repeated_addition_and_is_linear()
    {
        G1Projective acc = G1Projective.Infinity;
        G2Projective acc2 = G2Projective.Infinity;
        for (int k = 0; k < 20; k++)
        {
            Assert.Equal(acc, G1Projective.Multiply(G1Affine.Generator, Fr.FromBigInteger(k)));
            Assert.Equal(acc2, G2Projective.Multiply(G2Affine.Generator, Fr.FromBigInteger(k)));
            acc = acc.AddMixed(G1Affine.Generator);
            acc2 = acc2.AddMixed(G2Affine.Generator);
        }

        var random = new Random(3);
        Fr s = RandomScalar(random), t = RandomScalar(random);
        Assert.Equal(
            G1Projective.Multiply(G1Affine.Generator, s + t),
            G1Projective.Multiply(G1Affine.Generator, s).Add(G1Projective.Multiply(G1Affine.Generator, t)));
        Assert.Equal(
            G1Projective.Multiply(G1Projective.Multiply(G1Affine.Generator, s).ToAffine(), t),
            G1Projective.Multiply(G1Affine.Generator, s * t));
        Assert.Equal(
            G2Projective.Multiply(G2Affine.Generator, s + t),
            G2Projective.Multiply(G2Affine.Generator, s).Add(G2Projective.Multiply(G2Affine.Generator, t)));
        Assert.Equal(G1Projective.Generator.Negate(), G1Projective.Multiply(G1Affine.Generator, -Fr.One));
    }

    [Fact]
    public void Batch_to_affine_matches_single_conversions_including_infinity()
    {
        var random = new Random(4);
        var points = new G1Projective[9];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = i % 4 == 1 ? G1Projective.Infinity : RandomG1(random).Double();
        }

        var affine = new G1Affine[points.Length];
        G1Projective.BatchToAffine(points, affine);
        for (int i = 0; i < points.Length; i++)
        {
            Assert.Equal(points[i].ToAffine(), affine[i]);
        }

        var points2 = new[] { RandomG2(random), G2Projective.Infinity, RandomG2(random) };
        var affine2 = new G2Affine[3];
        G2Projective.BatchToAffine(points2, affine2);
        Assert.Equal(points2[0].ToAffine(), affine2[0]);
        Assert.True(affine2[1].IsInfinity);
        Assert.Equal(points2[2].ToAffine(), affine2[2]);
    }

    [Fact]
    public void Projective_equality_ignores_the_representation()
    {
        G1Projective g = G1Projective.Generator;
        Fq lambda = Fq.FromBigInteger(12345);
        var scaled = new G1Projective(g.X * lambda.Square(), g.Y * lambda.Square() * lambda, g.Z * lambda);
        Assert.Equal(g, scaled);
        Assert.True(g == scaled);
        Assert.NotEqual(g, g.Double());
        Assert.NotEqual(g, G1Projective.Infinity);
    }
}
