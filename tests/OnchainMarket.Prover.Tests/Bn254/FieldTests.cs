using System.Numerics;
using OnchainMarket.Prover.Bn254;
using Xunit;

namespace OnchainMarket.Prover.Tests.Bn254;

public sealed class FieldTests
{
    private const int Iterations = 400;

    private static readonly BigInteger R = BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617");
    private static readonly BigInteger Q = BigInteger.Parse("21888242871839275222246405745257275088696311157297823662689037894645226208583");

    /// <summary>Random values mod m, biased toward the edges 0, 1, m − 1 and values near 2^k.</summary>
    private static IEnumerable<BigInteger> Samples(BigInteger m, int seed)
    {
        var random = new Random(seed);
        yield return BigInteger.Zero;
        yield return BigInteger.One;
        yield return m - 1;
        yield return m - 2;
        yield return (m - 1) / 2;
        yield return BigInteger.Pow(2, 64) - 1;
        yield return BigInteger.Pow(2, 253);
        var bytes = new byte[40];
        for (int i = 0; i < Iterations; i++)
        {
            random.NextBytes(bytes);
            bytes[^1] = 0;
            yield return new BigInteger(bytes) % m;
        }
    }

    private static BigInteger Mod(BigInteger a, BigInteger m) => ((a % m) + m) % m;

    [Fact]
    public void Fr_arithmetic_matches_BigInteger_reference()
    {
        var other = Samples(R, 2).ToArray();
        int k = 0;
        foreach (BigInteger a in Samples(R, 1))
        {
            BigInteger b = other[k++ % other.Length];
            Fr fa = Fr.FromBigInteger(a);
            Fr fb = Fr.FromBigInteger(b);
            Assert.Equal(a, fa.ToBigInteger());
            Assert.Equal(Mod(a + b, R), (fa + fb).ToBigInteger());
            Assert.Equal(Mod(a - b, R), (fa - fb).ToBigInteger());
            Assert.Equal(Mod(-a, R), (-fa).ToBigInteger());
            Assert.Equal(Mod(a * b, R), (fa * fb).ToBigInteger());
            Assert.Equal(Mod(a * a, R), fa.Square().ToBigInteger());
            Assert.Equal(a.IsZero, fa.IsZero);
            if (!a.IsZero)
            {
                Assert.Equal(BigInteger.ModPow(a, R - 2, R), fa.Inverse().ToBigInteger());
            }

            BigInteger e = b % 100_000;
            Assert.Equal(BigInteger.ModPow(a, e, R), fa.Pow(e).ToBigInteger());
        }
    }

    [Fact]
    public void Fq_arithmetic_matches_BigInteger_reference()
    {
        var other = Samples(Q, 4).ToArray();
        int k = 0;
        foreach (BigInteger a in Samples(Q, 3))
        {
            BigInteger b = other[k++ % other.Length];
            Fq fa = Fq.FromBigInteger(a);
            Fq fb = Fq.FromBigInteger(b);
            Assert.Equal(a, fa.ToBigInteger());
            Assert.Equal(Mod(a + b, Q), (fa + fb).ToBigInteger());
            Assert.Equal(Mod(a - b, Q), (fa - fb).ToBigInteger());
            Assert.Equal(Mod(-a, Q), (-fa).ToBigInteger());
            Assert.Equal(Mod(a * b, Q), (fa * fb).ToBigInteger());
            Assert.Equal(Mod(a * a, Q), fa.Square().ToBigInteger());
            if (!a.IsZero)
            {
                Assert.Equal(BigInteger.ModPow(a, Q - 2, Q), fa.Inverse().ToBigInteger());
            }

            Assert.Equal(BigInteger.ModPow(a, b, Q), fa.Pow(b).ToBigInteger());
        }
    }

    [Fact]
    public void Dedicated_squaring_equals_multiplication_by_itself_in_both_fields()
    {
        // The square has its own carry and reduction code; compare it limb for limb with the product,
        // over edge values (0, 1, p − 1, words of all ones, top bits set) and random elements.
        var random = new Random(7);
        foreach (BigInteger modulus in new[] { R, Q })
        {
            var values = Samples(modulus, 3).ToList();
            for (int i = 0; i < 64; i++)
            {
                values.Add(modulus - 1 - i);
                values.Add(BigInteger.Pow(2, 64 * (i % 4)) * (ulong)random.NextInt64() % modulus);
                values.Add((BigInteger.Pow(2, 256) - 1 - i) % modulus);
            }

            foreach (BigInteger v in values)
            {
                U256 x = U256.FromBigInteger(v);
                if (modulus == R)
                {
                    Assert.True(Montgomery<FrParams>.Mul(x, x).Equals(Montgomery<FrParams>.Square(x)), $"Fr square of {v}");
                    Assert.Equal(Mod(v * v, R), Fr.FromBigInteger(v).Square().ToBigInteger());
                }
                else
                {
                    Assert.True(Montgomery<FqParams>.Mul(x, x).Equals(Montgomery<FqParams>.Square(x)), $"Fq square of {v}");
                    Assert.Equal(Mod(v * v, Q), Fq.FromBigInteger(v).Square().ToBigInteger());
                }
            }
        }
    }

    [Fact]
    public void Sums_and_differences_that_wrap_around_the_modulus_are_reduced()
    {
        // Add and Sub choose between two results without branching; exercise both outcomes at the edges.
        foreach (BigInteger a in new[] { BigInteger.Zero, BigInteger.One, R - 1, R - 2, R / 2, (R / 2) + 1 })
        {
            foreach (BigInteger b in new[] { BigInteger.Zero, BigInteger.One, R - 1, R / 2, (R / 2) + 1 })
            {
                Fr fa = Fr.FromBigInteger(a);
                Fr fb = Fr.FromBigInteger(b);
                Assert.Equal(Mod(a + b, R), (fa + fb).ToBigInteger());
                Assert.Equal(Mod(a - b, R), (fa - fb).ToBigInteger());
                Assert.Equal(Mod(2 * a, R), fa.Double().ToBigInteger());
            }
        }
    }

    [Fact]
    public void Moduli_and_constants_are_the_BN254_ones()
    {
        Assert.Equal(R, Fr.Modulus);
        Assert.Equal(Q, Fq.Modulus);
        Assert.Equal(BigInteger.One, Fr.One.ToBigInteger());
        Assert.Equal(BigInteger.One, Fq.One.ToBigInteger());
        Assert.True(Fr.Zero.IsZero);
        Assert.Equal("0", Fr.Zero.ToString());
        Assert.Equal((R - 1).ToString(), (-Fr.One).ToString());
    }

    [Fact]
    public void FromBigInteger_reduces_negative_and_large_values()
    {
        Assert.Equal(R - 5, Fr.FromBigInteger(-5).ToBigInteger());
        Assert.Equal(new BigInteger(7), Fr.FromBigInteger(R * 3 + 7).ToBigInteger());
        Assert.Equal(Fr.FromBigInteger(2).Inverse(), Fr.FromBigInteger(2).Pow(-1));
    }

    [Fact]
    public void Raw_bytes_are_the_Montgomery_limbs_and_round_trip()
    {
        var random = new Random(5);
        Span<byte> raw = stackalloc byte[32];
        Span<byte> canonical = stackalloc byte[32];
        for (int i = 0; i < 100; i++)
        {
            Fr x = Fr.FromBigInteger(new BigInteger(random.NextInt64()) * random.NextInt64() * random.NextInt64());
            x.WriteRawLittleEndian(raw);
            BigInteger rawValue = new(raw, isUnsigned: true);
            Assert.Equal(Mod(x.ToBigInteger() * BigInteger.Pow(2, 256), R), rawValue);
            Assert.Equal(x, Fr.FromRawLittleEndian(raw));

            x.WriteCanonicalLittleEndian(canonical);
            Assert.Equal(x.ToBigInteger(), new BigInteger(canonical, isUnsigned: true));
            Assert.Equal(x, Fr.FromCanonicalLittleEndian(canonical));

            Fq y = Fq.FromBigInteger(new BigInteger(random.NextInt64()) * random.NextInt64());
            y.WriteCanonicalLittleEndian(canonical);
            Assert.Equal(y, Fq.FromCanonicalLittleEndian(canonical));
            y.WriteRawLittleEndian(raw);
            Assert.Equal(y, Fq.FromRawLittleEndian(raw));
        }
    }

    [Fact]
    public void Canonical_bytes_at_or_above_the_modulus_are_rejected()
    {
        byte[] bytes = new byte[32];
        R.TryWriteBytes(bytes, out _, isUnsigned: true);
        var ex = Assert.Throws<ArgumentException>(() => Fr.FromCanonicalLittleEndian(bytes));
        Assert.Contains("modulus", ex.Message);
        (R - 1).TryWriteBytes(bytes, out _, isUnsigned: true);
        Assert.Equal(R - 1, Fr.FromCanonicalLittleEndian(bytes).ToBigInteger());
        Assert.Throws<ArgumentException>(() => Fr.FromCanonicalLittleEndian(new byte[31]));
        Assert.Throws<ArgumentException>(() => Fq.FromCanonicalLittleEndian(Enumerable.Repeat((byte)0xff, 32).ToArray()));
    }

    [Fact]
    public void Zero_has_no_inverse()
    {
        Assert.Throws<DivideByZeroException>(() => Fr.Zero.Inverse());
        Assert.Throws<DivideByZeroException>(() => Fq.Zero.Inverse());
    }

    [Fact]
    public void Batch_inverse_matches_single_inverses_and_keeps_zeros()
    {
        var values = new Fr[50];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i % 7 == 3 ? Fr.Zero : Fr.Random();
        }

        var inverted = (Fr[])values.Clone();
        Fr.BatchInverse(inverted);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i].IsZero ? Fr.Zero : values[i].Inverse(), inverted[i]);
        }
    }

    [Fact]
    public void Random_elements_are_canonical_and_distinct()
    {
        var seen = new HashSet<Fr>();
        for (int i = 0; i < 50; i++)
        {
            Fr x = Fr.Random();
            Assert.True(x.ToBigInteger() < R);
            Assert.True(seen.Add(x));
        }
    }

    [Fact]
    public void Fq_square_roots_square_back_and_non_residues_have_none()
    {
        var random = new Random(9);
        int roots = 0;
        for (int i = 0; i < 40; i++)
        {
            Fq a = Fq.FromBigInteger(random.NextInt64());
            Fq? s = a.Sqrt();
            BigInteger legendre = BigInteger.ModPow(a.ToBigInteger(), (Q - 1) / 2, Q);
            Assert.Equal(legendre <= 1, s.HasValue);
            if (s.HasValue)
            {
                Assert.Equal(a, s.Value.Square());
                roots++;
            }
        }

        Assert.InRange(roots, 5, 35);
    }

    [Fact]
    public void Roots_of_unity_have_exact_order_and_match_ffjavascript()
    {
        BigInteger w28 = BigInteger.ModPow(5, (R - 1) >> 28, R);
        Assert.Equal(w28, Fr.RootOfUnity(28).ToBigInteger());
        for (int k = 1; k <= 28; k++)
        {
            Fr w = Fr.RootOfUnity(k);
            Assert.Equal(Fr.One, w.Pow(BigInteger.Pow(2, k)));
            Assert.NotEqual(Fr.One, w.Pow(BigInteger.Pow(2, k - 1)));
            Assert.Equal(w.Square(), Fr.RootOfUnity(k - 1));
        }

        Assert.Equal(Fr.One, Fr.RootOfUnity(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fr.RootOfUnity(29));
    }

    [Fact]
    public void Fq2_arithmetic_matches_the_complex_formulae()
    {
        var random = new Random(11);
        for (int i = 0; i < 100; i++)
        {
            BigInteger a0 = Mod(new BigInteger(random.NextInt64()) * random.NextInt64() * random.NextInt64(), Q);
            BigInteger a1 = Mod(new BigInteger(random.NextInt64()) * random.NextInt64() * random.NextInt64(), Q);
            BigInteger b0 = Mod(new BigInteger(random.NextInt64()) * random.NextInt64(), Q);
            BigInteger b1 = i == 0 ? 0 : Mod(new BigInteger(random.NextInt64()) * random.NextInt64(), Q);
            var a = new Fq2(Fq.FromBigInteger(a0), Fq.FromBigInteger(a1));
            var b = new Fq2(Fq.FromBigInteger(b0), Fq.FromBigInteger(b1));
            Fq2 product = a * b;
            Assert.Equal(Mod(a0 * b0 - a1 * b1, Q), product.C0.ToBigInteger());
            Assert.Equal(Mod(a0 * b1 + a1 * b0, Q), product.C1.ToBigInteger());
            Assert.Equal(a * a, a.Square());
            Assert.Equal(Fq2.One, a * a.Inverse());
            Assert.Equal(a, (a + b) - b);
            Assert.Equal(Fq2.Zero, a + (-a));
        }

        Assert.Throws<DivideByZeroException>(() => Fq2.Zero.Inverse());
    }
}
