using System.Numerics;
using OnchainMarket.Prover.Backends.Native;
using OnchainMarket.Prover.Bn254;
using OnchainMarket.Prover.Tests.Bn254;
using Xunit;

namespace OnchainMarket.Prover.Tests.Backends;

/// <summary>
/// The C kernels against the managed implementation and BigInteger on the same inputs: field
/// operations on edge values, and whole MSMs whose buckets see doublings, cancellations and infinity
/// inside one batch. (MsmTests also runs every MSM test on both kernels.)
/// </summary>
public sealed class NativeKernelsTests
{
    private static readonly BigInteger P = Fq.Modulus;

    [Fact]
    public void The_native_library_loads_whenever_the_build_produced_it()
    {
        bool built = File.Exists(Path.Combine(AppContext.BaseDirectory, "libomkt_kernels.so"));
        Assert.Equal(built, NativeKernels.IsLoaded);
        Assert.StartsWith(built ? "native" : "managed", NativeKernels.Description, StringComparison.Ordinal);
    }

    /// <summary>0, 1, 2, p−1, p−2, (p−1)/2, 2^255 mod p-ish values, then random ones.</summary>
    private static Fq[] EdgeAndRandomFq(int count, Random random)
    {
        var values = new List<Fq>
        {
            Fq.Zero, Fq.One, Fq.FromBigInteger(2), Fq.FromBigInteger(P - 1), Fq.FromBigInteger(P - 2),
            Fq.FromBigInteger((P - 1) / 2), Fq.FromBigInteger((P + 1) / 2), Fq.FromBigInteger(BigInteger.Pow(2, 253)),
            Fq.FromBigInteger(BigInteger.Pow(2, 64) - 1), Fq.FromBigInteger(BigInteger.Pow(2, 192)),
        };
        while (values.Count < count)
        {
            values.Add(Fq.Random());
        }

        // Shuffle deterministically so edge values meet each other and random ones.
        return values.OrderBy(_ => random.Next()).ToArray();
    }

    [Fact]
    public void Fq_operations_match_the_managed_field_and_BigInteger()
    {
        if (!NativeKernels.IsLoaded)
        {
            return;
        }

        var random = new Random(1);
        for (int round = 0; round < 20; round++)
        {
            Fq[] a = EdgeAndRandomFq(64, random);
            Fq[] b = EdgeAndRandomFq(64, random);
            var r = new Fq[a.Length];
            Func<Fq, Fq, Fq>[] managed = [(x, y) => x + y, (x, y) => x - y, (x, y) => x * y, (x, _) => x.Square(), (x, _) => x.IsZero ? x : x.Inverse(), (x, _) => -x];
            Func<BigInteger, BigInteger, BigInteger>[] reference =
            [
                (x, y) => (x + y) % P, (x, y) => (((x - y) % P) + P) % P, (x, y) => x * y % P, (x, _) => x * x % P,
                (x, _) => x.IsZero ? 0 : BigInteger.ModPow(x, P - 2, P), (x, _) => (P - x) % P,
            ];
            for (int op = 0; op < managed.Length; op++)
            {
                NativeKernels.FqBatch(op, a, b, r);
                for (int i = 0; i < a.Length; i++)
                {
                    Assert.Equal(managed[op](a[i], b[i]), r[i]);
                    Assert.Equal(reference[op](a[i].ToBigInteger(), b[i].ToBigInteger()), r[i].ToBigInteger());
                }
            }
        }
    }

    [Fact]
    public void Fq2_operations_match_the_managed_field()
    {
        if (!NativeKernels.IsLoaded)
        {
            return;
        }

        var random = new Random(2);
        Fq[] parts = EdgeAndRandomFq(256, random);
        Fq2[] a = Enumerable.Range(0, 128).Select(i => new Fq2(parts[i], parts[255 - i])).ToArray();
        Fq2[] b = Enumerable.Range(0, 128).Select(i => new Fq2(parts[(i * 7) % 256], parts[(i * 13 + 5) % 256])).ToArray();
        a[0] = Fq2.Zero;
        a[1] = Fq2.One;
        b[2] = Fq2.Zero;
        var r = new Fq2[a.Length];
        Func<Fq2, Fq2, Fq2>[] managed = [(x, y) => x + y, (x, y) => x - y, (x, y) => x * y, (x, _) => x.Square(), (x, _) => x.IsZero ? x : x.Inverse(), (x, _) => -x];
        for (int op = 0; op < managed.Length; op++)
        {
            NativeKernels.Fq2Batch(op, a, b, r);
            for (int i = 0; i < a.Length; i++)
            {
                Assert.Equal(managed[op](a[i], b[i]), r[i]);
            }
        }
    }

    [Fact]
    public void Unknown_operations_and_length_mismatches_are_rejected()
    {
        if (!NativeKernels.IsLoaded)
        {
            Assert.Throws<InvalidOperationException>(() => NativeKernels.FqBatch(0, new Fq[1], new Fq[1], new Fq[1]));
            return;
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => NativeKernels.FqBatch(9, new Fq[1], new Fq[1], new Fq[1]));
        Assert.Throws<ArgumentException>(() => NativeKernels.FqBatch(0, new Fq[2], new Fq[1], new Fq[2]));
    }

    /// <summary>
    /// Few distinct points and few distinct scalars: every batch holds P + P (a doubling) and P + (−P)
    /// (the bucket empties), buckets are refilled after cancelling, and a fifth of the bases are infinity.
    /// </summary>
    [Theory]
    [InlineData(1000, 3)]
    [InlineData(20000, 5)]
    public void G1_window_kernels_agree_on_doublings_cancellations_and_infinity(int n, int distinctScalars)
    {
        if (!NativeKernels.IsLoaded)
        {
            return;
        }

        var random = new Random(n);
        G1Affine[] distinct = MsmTests.RandomG1Points(3, random);
        Fr[] scalarChoices = Enumerable.Range(0, distinctScalars).Select(_ => MsmTests.RandomScalar(random)).ToArray();
        var bases = new G1Affine[n];
        var scalars = new Fr[n];
        for (int i = 0; i < n; i++)
        {
            bases[i] = (i % 5) switch
            {
                0 => G1Affine.Infinity,
                1 => distinct[0].Negate(),
                _ => distinct[i % 3],
            };
            scalars[i] = i % 7 == 0 ? -scalarChoices[i % distinctScalars] : scalarChoices[i % distinctScalars];
        }

        G1Projective managed = Msm.G1(bases, scalars, MsmKernel.Managed);
        Assert.Equal(managed, Msm.G1(bases, scalars, MsmKernel.Native));

        // The closed form: only the coefficient of each distinct point matters.
        var coefficient = new Fr[3];
        for (int i = 0; i < n; i++)
        {
            switch (i % 5)
            {
                case 0: break;
                case 1: coefficient[0] -= scalars[i]; break;
                default: coefficient[i % 3] += scalars[i]; break;
            }
        }

        Assert.Equal(MsmTests.NaiveG1(distinct, coefficient), managed);
    }

    [Fact]
    public void G2_window_kernels_agree_on_doublings_cancellations_and_infinity()
    {
        if (!NativeKernels.IsLoaded)
        {
            return;
        }

        var random = new Random(22);
        G2Affine[] distinct = MsmTests.RandomG2Points(2, random);
        int n = 3000;
        var bases = new G2Affine[n];
        var scalars = new Fr[n];
        for (int i = 0; i < n; i++)
        {
            bases[i] = (i % 4) switch
            {
                0 => G2Affine.Infinity,
                1 => distinct[1].Negate(),
                _ => distinct[i % 2],
            };
            scalars[i] = Fr.FromBigInteger(1 + (i % 3)) * (i % 2 == 0 ? Fr.One : -Fr.One);
        }

        Assert.Equal(Msm.G2(bases, scalars, MsmKernel.Managed), Msm.G2(bases, scalars, MsmKernel.Native));
    }

    [Theory]
    [InlineData(1 << 12)]
    [InlineData(1 << 15)]
    public void Large_random_MSMs_are_equal_on_both_kernels(int n)
    {
        if (!NativeKernels.IsLoaded)
        {
            return;
        }

        var random = new Random(n);
        G1Affine[] bases = MsmTests.RandomG1Points(n, random);
        Fr[] scalars = MsmTests.AwkwardScalars(n, random);
        Assert.Equal(Msm.G1(bases, scalars, MsmKernel.Managed), Msm.G1(bases, scalars, MsmKernel.Native));
        G2Affine[] g2 = MsmTests.RandomG2Points(n / 8, random);
        Assert.Equal(Msm.G2(g2, scalars.AsSpan(0, g2.Length), MsmKernel.Managed), Msm.G2(g2, scalars.AsSpan(0, g2.Length), MsmKernel.Native));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(14)]
    public void NTTs_are_equal_on_both_kernels_and_invert_each_other(int log2)
    {
        if (!NativeKernels.IsLoaded)
        {
            return;
        }

        var random = new Random(log2);
        Fr[] values = MsmTests.AwkwardScalars(1 << log2, random);
        foreach (bool inverse in new[] { false, true })
        {
            Fr[] managed = (Fr[])values.Clone();
            Fr[] native = (Fr[])values.Clone();
            Ntt.Transform(managed, inverse, MsmKernel.Managed);
            Ntt.Transform(native, inverse, MsmKernel.Native);
            Assert.Equal(managed, native);
        }

        Fr[] roundTrip = (Fr[])values.Clone();
        Ntt.Transform(roundTrip, inverse: false, MsmKernel.Native);
        Ntt.Transform(roundTrip, inverse: true, MsmKernel.Native);
        Assert.Equal(values, roundTrip);
    }

    [Fact]
    public void Fr_batches_match_the_managed_field()
    {
        if (!NativeKernels.IsLoaded)
        {
            return;
        }

        var random = new Random(9);
        Fr[] a = MsmTests.AwkwardScalars(300, random);
        Fr[] b = MsmTests.AwkwardScalars(300, random).Reverse().ToArray();
        var r = new Fr[a.Length];
        Func<Fr, Fr, Fr>[] managed = [(x, y) => x + y, (x, y) => x - y, (x, y) => x * y];
        for (int op = 0; op < managed.Length; op++)
        {
            NativeKernels.FrBatch(op, a, b, r);
            Assert.Equal(a.Zip(b, managed[op]), r);
        }

        Fr factor = MsmTests.RandomScalar(random);
        Fr[] scaled = (Fr[])a.Clone();
        NativeKernels.FrScale(scaled, factor);
        Assert.Equal(a.Select(x => x * factor), scaled);
    }
}
