using OnchainMarket.Prover.Bn254;
using Xunit;

namespace OnchainMarket.Prover.Tests.Bn254;

public sealed class NttTests
{
    private static Fr[] RandomVector(int n, int seed)
    {
        var random = new Random(seed);
        var values = new Fr[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = Fr.FromBigInteger(random.NextInt64()) * Fr.FromBigInteger(random.NextInt64()) + Fr.FromBigInteger(random.Next());
        }

        return values;
    }

    private static Fr[] NaiveDft(Fr[] a, Fr root)
    {
        int n = a.Length;
        var result = new Fr[n];
        for (int i = 0; i < n; i++)
        {
            Fr wi = root.Pow(i);
            Fr power = Fr.One;
            Fr sum = Fr.Zero;
            for (int j = 0; j < n; j++)
            {
                sum += a[j] * power;
                power *= wi;
            }

            result[i] = sum;
        }

        return result;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    public void Forward_matches_a_naive_DFT_with_the_snarkjs_root(int log2)
    {
        Fr[] a = RandomVector(1 << log2, log2);
        Fr[] expected = NaiveDft(a, Fr.RootOfUnity(log2));
        Fr[] actual = (Fr[])a.Clone();
        Ntt.Forward(actual);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(13)]
    public void Inverse_undoes_forward(int log2)
    {
        Fr[] a = RandomVector(1 << log2, 100 + log2);
        Fr[] b = (Fr[])a.Clone();
        Ntt.Forward(b);
        Assert.NotEqual(a, b);
        Ntt.Inverse(b);
        Assert.Equal(a, b);
        Ntt.Inverse(b);
        Ntt.Forward(b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Inverse_matches_a_naive_DFT_with_the_inverse_root_scaled_by_one_over_n()
    {
        Fr[] a = RandomVector(32, 7);
        Fr[] expected = NaiveDft(a, Fr.RootOfUnity(5).Inverse());
        Fr nInv = Fr.FromBigInteger(32).Inverse();
        Fr[] actual = (Fr[])a.Clone();
        Ntt.Inverse(actual);
        Assert.Equal(expected.Select(x => x * nInv).ToArray(), actual);
    }

    [Fact]
    public void Large_parallel_transform_evaluates_the_polynomial_at_the_roots()
    {
        const int log2 = 13;
        Fr[] a = RandomVector(1 << log2, 42);
        Fr[] b = (Fr[])a.Clone();
        Ntt.Forward(b);
        Fr w = Fr.RootOfUnity(log2);
        foreach (int i in new[] { 0, 1, 4321, (1 << log2) - 1 })
        {
            Fr x = w.Pow(i);
            Fr horner = Fr.Zero;
            for (int j = a.Length - 1; j >= 0; j--)
            {
                horner = horner * x + a[j];
            }

            Assert.Equal(horner, b[i]);
        }
    }

    [Fact]
    public void Lengths_that_are_not_powers_of_two_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ntt.Forward(new Fr[6]));
        Assert.Contains("power of two", ex.Message);
        Assert.Throws<ArgumentException>(() => Ntt.Inverse(Span<Fr>.Empty));
    }
}
