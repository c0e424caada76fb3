using System.Numerics;
using OnchainMarket.Prover.Backends.Native;
using OnchainMarket.Prover.Bn254;
using Xunit;

namespace OnchainMarket.Prover.Tests.Bn254;

/// <summary>Every MSM test runs on both kernels: the managed code and, when it is built, the native one.</summary>
public sealed class MsmTests
{
    /// <summary>"managed" always; "native" when the library is loaded (see NativeKernelsTests for that it is).</summary>
    public static TheoryData<string> Kernels()
    {
        var data = new TheoryData<string> { "managed" };
        if (NativeKernels.IsLoaded)
        {
            data.Add("native");
        }

        return data;
    }

    public static TheoryData<string, int> KernelsTimes(params int[] sizes)
    {
        var data = new TheoryData<string, int>();
        foreach (string kernel in Kernels())
        {
            foreach (int n in sizes)
            {
                data.Add(kernel, n);
            }
        }

        return data;
    }

    public static TheoryData<string, int> G1Sizes() => KernelsTimes(0, 1, 2, 3, 5, 17, 64, 333, 257);

    public static TheoryData<string, int> G2Sizes() => KernelsTimes(0, 1, 3, 40, 129);

    internal static MsmKernel Kernel(string name) => name == "native" ? MsmKernel.Native : MsmKernel.Managed;

    /// <summary>Random points built cheaply: a few random multiples of G, then chained additions.</summary>
    internal static G1Affine[] RandomG1Points(int n, Random random)
    {
        var projective = new G1Projective[n];
        G1Projective step = G1Projective.Multiply(G1Affine.Generator, RandomScalar(random));
        G1Projective current = G1Projective.Multiply(G1Affine.Generator, RandomScalar(random));
        for (int i = 0; i < n; i++)
        {
            if (i % 64 == 0)
            {
                step = G1Projective.Multiply(G1Affine.Generator, RandomScalar(random));
            }

            current = current.Add(step);
            projective[i] = current;
        }

        var affine = new G1Affine[n];
        G1Projective.BatchToAffine(projective, affine);
        return affine;
    }

    internal static G2Affine[] RandomG2Points(int n, Random random)
    {
        var projective = new G2Projective[n];
        G2Projective step = G2Projective.Multiply(G2Affine.Generator, RandomScalar(random));
        G2Projective current = step.Double();
        for (int i = 0; i < n; i++)
        {
            current = current.Add(step);
            projective[i] = current;
        }

        var affine = new G2Affine[n];
        G2Projective.BatchToAffine(projective, affine);
        return affine;
    }

    internal static Fr RandomScalar(Random random)
    {
        var bytes = new byte[40];
        random.NextBytes(bytes);
        bytes[^1] = 0;
        return Fr.FromBigInteger(new BigInteger(bytes));
    }

    /// <summary>Scalars mixing every awkward case with random ones.</summary>
    internal static Fr[] AwkwardScalars(int n, Random random)
    {
        var scalars = new Fr[n];
        for (int i = 0; i < n; i++)
        {
            scalars[i] = (i % 11) switch
            {
                0 => Fr.Zero,
                1 => Fr.One,
                2 => -Fr.One,
                3 => Fr.FromBigInteger(random.Next(1, 5000)),
                4 => Fr.FromBigInteger(BigInteger.Pow(2, random.Next(0, 254))),
                5 => -Fr.FromBigInteger(random.Next(1, 100)),
                _ => RandomScalar(random),
            };
        }

        return scalars;
    }

    internal static G1Projective NaiveG1(ReadOnlySpan<G1Affine> bases, ReadOnlySpan<Fr> scalars)
    {
        G1Projective acc = G1Projective.Infinity;
        for (int i = 0; i < bases.Length; i++)
        {
            acc = acc.Add(G1Projective.Multiply(bases[i], scalars[i]));
        }

        return acc;
    }

    internal static G2Projective NaiveG2(ReadOnlySpan<G2Affine> bases, ReadOnlySpan<Fr> scalars)
    {
        G2Projective acc = G2Projective.Infinity;
        for (int i = 0; i < bases.Length; i++)
        {
            acc = acc.Add(G2Projective.Multiply(bases[i], scalars[i]));
        }

        return acc;
    }

    [Theory]
    [MemberData(nameof(G1Sizes))]
    public void G1_matches_naive_double_and_add(string kernel, int n)
    {
        var random = new Random(n + 1);
        G1Affine[] bases = RandomG1Points(n, random);
        Fr[] scalars = AwkwardScalars(n, random);
        Assert.Equal(NaiveG1(bases, scalars), Msm.G1(bases, scalars, Kernel(kernel)));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void G1_handles_infinity_repeated_and_opposite_points(string kernel)
    {
        var random = new Random(77);
        G1Affine[] distinct = RandomG1Points(4, random);
        int n = 600;
        var bases = new G1Affine[n];
        var scalars = new Fr[n];
        for (int i = 0; i < n; i++)
        {
            // Mostly the same few points with the same few scalars: every bucket sees P + P and P + (−P).
            bases[i] = (i % 5) switch
            {
                0 => G1Affine.Infinity,
                1 => distinct[0].Negate(),
                _ => distinct[i % 4],
            };
            scalars[i] = (i % 3) switch
            {
                0 => Fr.FromBigInteger(7),
                1 => Fr.FromBigInteger(123456789),
                _ => -Fr.FromBigInteger(7),
            };
        }

        Assert.Equal(NaiveG1(bases, scalars), Msm.G1(bases, scalars, Kernel(kernel)));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void G1_with_all_ones_sums_the_points_and_with_all_zeros_is_infinity(string kernel)
    {
        var random = new Random(5);
        G1Affine[] bases = RandomG1Points(300, random);
        Fr[] ones = Enumerable.Repeat(Fr.One, bases.Length).ToArray();
        G1Projective sum = G1Projective.Infinity;
        foreach (G1Affine p in bases)
        {
            sum = sum.AddMixed(p);
        }

        Assert.Equal(sum, Msm.G1(bases, ones, Kernel(kernel)));
        Assert.True(Msm.G1(bases, new Fr[bases.Length], Kernel(kernel)).IsInfinity);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void G1_with_scalar_r_minus_1_negates_the_sum(string kernel)
    {
        var random = new Random(6);
        G1Affine[] bases = RandomG1Points(50, random);
        Fr[] scalars = Enumerable.Repeat(-Fr.One, bases.Length).ToArray();
        Fr[] ones = Enumerable.Repeat(Fr.One, bases.Length).ToArray();
        Assert.Equal(Msm.G1(bases, ones, Kernel(kernel)).Negate(), Msm.G1(bases, scalars, Kernel(kernel)));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void G1_of_4096_points_is_linear_in_the_scalars(string kernel)
    {
        // Cheaper than a naive reference at this size: MSM(a + b) = MSM(a) + MSM(b), MSM(k·a) = k·MSM(a).
        var random = new Random(4096);
        G1Affine[] bases = RandomG1Points(4096, random);
        Fr[] a = AwkwardScalars(bases.Length, random);
        Fr[] b = AwkwardScalars(bases.Length, random);
        Fr k = RandomScalar(random);
        G1Projective ma = Msm.G1(bases, a, Kernel(kernel));
        G1Projective mb = Msm.G1(bases, b, Kernel(kernel));
        Assert.Equal(ma.Add(mb), Msm.G1(bases, a.Zip(b, (x, y) => x + y).ToArray(), Kernel(kernel)));
        Assert.Equal(G1Projective.Multiply(ma.ToAffine(), k), Msm.G1(bases, a.Select(x => x * k).ToArray(), Kernel(kernel)));

        // And against naive on a strided subset, so the big-window code path is checked directly.
        Fr[] sparse = a.Select((x, i) => i % 97 == 0 ? x : Fr.Zero).ToArray();
        G1Projective expected = G1Projective.Infinity;
        for (int i = 0; i < bases.Length; i += 97)
        {
            expected = expected.Add(G1Projective.Multiply(bases[i], a[i]));
        }

        Assert.Equal(expected, Msm.G1(bases, sparse, Kernel(kernel)));
    }

    [Theory]
    [MemberData(nameof(G2Sizes))]
    public void G2_matches_naive_double_and_add(string kernel, int n)
    {
        var random = new Random(200 + n);
        G2Affine[] bases = RandomG2Points(n, random);
        if (n > 3)
        {
            bases[3] = G2Affine.Infinity;
            bases[4] = bases[5];
        }

        Fr[] scalars = AwkwardScalars(n, random);
        Assert.Equal(NaiveG2(bases, scalars), Msm.G2(bases, scalars, Kernel(kernel)));
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Msm.G1(new G1Affine[3], new Fr[2]));
        Assert.Contains("3 bases, 2 scalars", ex.Message);
    }

    [Fact]
    public void Window_size_grows_with_the_number_of_points()
    {
        int small = Pippenger<Fq>.ChooseWindowBits(64);
        int medium = Pippenger<Fq>.ChooseWindowBits(1 << 16);
        int large = Pippenger<Fq>.ChooseWindowBits(1 << 20);
        Assert.True(small < medium && medium <= large, $"{small} {medium} {large}");
    }
}
