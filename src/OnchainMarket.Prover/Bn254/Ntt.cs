using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OnchainMarket.Prover.Backends.Native;

namespace OnchainMarket.Prover.Bn254;

/// <summary>
/// Radix-2 number-theoretic transform over Fr, in place, natural order in and out, with the
/// snarkjs roots of unity (<see cref="Fr.RootOfUnity"/>). Forward: values[i] = Σ_j a_j·ω^(ij).
/// </summary>
public static class Ntt
{
    private const int ParallelThreshold = 1 << 12;

    private static readonly ConcurrentDictionary<int, Fr[]> ForwardTwiddles = new();
    private static readonly ConcurrentDictionary<int, Fr[]> InverseTwiddles = new();

    public static void Forward(Span<Fr> values) => Transform(values, inverse: false, MsmKernel.Auto);

    /// <summary>The inverse transform, including the 1/n scaling.</summary>
    public static void Inverse(Span<Fr> values) => Transform(values, inverse: true, MsmKernel.Auto);

    /// <summary>Forward or inverse on the chosen kernel (tests compare both).</summary>
    internal static void Transform(Span<Fr> values, bool inverse, MsmKernel kernel)
    {
        if (!NativeKernels.Use(kernel) || values.Length < 2)
        {
            Transform(values, inverse);
            return;
        }

        // One native call per transform, single-threaded: the prover runs its three coset transforms
        // side by side, which keeps the cores busy without splitting each stage across threads.
        int log2 = Log2Exact(values.Length);
        NativeKernels.FrNtt(values, log2, Twiddles(log2, inverse));
        if (inverse)
        {
            NativeKernels.FrScale(values, Fr.FromBigInteger(values.Length).Inverse());
        }
    }

    /// <summary>The twiddles ω^0 … ω^(n/2−1) of the size-2^log2 domain (ω inverted for the inverse transform).</summary>
    internal static Fr[] Twiddles(int log2, bool inverse)
    {
        var cache = inverse ? InverseTwiddles : ForwardTwiddles;
        return cache.GetOrAdd(log2, static (k, inv) =>
        {
            Fr w = Fr.RootOfUnity(k);
            if (inv)
            {
                w = w.Inverse();
            }

            int half = Math.Max(1, (1 << k) / 2);
            var table = new Fr[half];
            table[0] = Fr.One;
            for (int i = 1; i < half; i++)
            {
                table[i] = table[i - 1] * w;
            }

            return table;
        }, inverse);
    }

    internal static int Log2Exact(int length)
    {
        if (length <= 0 || !BitOperations.IsPow2(length))
        {
            throw new ArgumentException($"NTT length must be a power of two, got {length}.", nameof(length));
        }

        int log2 = BitOperations.Log2((uint)length);
        if (log2 > Fr.MaxLog2Domain)
        {
            throw new ArgumentException($"NTT length 2^{log2} exceeds the 2-adicity {Fr.MaxLog2Domain} of Fr.", nameof(length));
        }

        return log2;
    }

    private static void Transform(Span<Fr> values, bool inverse)
    {
        int n = values.Length;
        int log2 = Log2Exact(n);
        if (n == 1)
        {
            return;
        }

        BitReverse(values, log2);
        Fr[] twiddles = Twiddles(log2, inverse);
        if (n >= ParallelThreshold)
        {
            unsafe
            {
                fixed (Fr* ptr = values)
                {
                    TransformParallel(ptr, n, log2, twiddles);
                }
            }
        }
        else
        {
            for (int len = 2; len <= n; len <<= 1)
            {
                Stage(values, len, n / len, twiddles, 0, n / len);
            }
        }

        if (inverse)
        {
            Fr nInv = Fr.FromBigInteger(n).Inverse();
            for (int i = 0; i < n; i++)
            {
                values[i] *= nInv;
            }
        }
    }

    private static unsafe void TransformParallel(Fr* ptr, int n, int log2, Fr[] twiddles)
    {
        int workers = Environment.ProcessorCount;
        for (int len = 2; len <= n; len <<= 1)
        {
            int blocks = n / len;
            int stride = n / len;
            int currentLen = len;
            if (blocks >= workers)
            {
                // Many independent blocks: split blocks across workers.
                int chunk = (blocks + workers - 1) / workers;
                Parallel.For(0, workers, w =>
                {
                    int start = w * chunk;
                    int end = Math.Min(blocks, start + chunk);
                    if (start < end)
                    {
                        Stage(new Span<Fr>(ptr, n), currentLen, stride, twiddles, start, end);
                    }
                });
            }
            else
            {
                // Few large blocks: split the butterflies inside each block.
                int half = currentLen / 2;
                int chunk = (half + workers - 1) / workers;
                for (int b = 0; b < blocks; b++)
                {
                    int baseIndex = b * currentLen;
                    Parallel.For(0, workers, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (w) =>
                    {
                        int start = w * chunk;
                        int end = Math.Min(half, start + chunk);
                        Butterflies(new Span<Fr>(ptr, n), baseIndex, half, stride, twiddles, start, end);
                    });
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Stage(Span<Fr> values, int len, int stride, Fr[] twiddles, int blockStart, int blockEnd)
    {
        int half = len / 2;
        for (int b = blockStart; b < blockEnd; b++)
        {
            Butterflies(values, b * len, half, stride, twiddles, 0, half);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterflies(Span<Fr> values, int baseIndex, int half, int stride, Fr[] twiddles, int start, int end)
    {
        ref Fr v = ref MemoryMarshal.GetReference(values);
        ref Fr tw = ref MemoryMarshal.GetArrayDataReference(twiddles);
        for (int j = start; j < end; j++)
        {
            ref Fr lo = ref Unsafe.Add(ref v, baseIndex + j);
            ref Fr hi = ref Unsafe.Add(ref v, baseIndex + j + half);
            Fr t = hi * Unsafe.Add(ref tw, j * stride);
            Fr u = lo;
            lo = u + t;
            hi = u - t;
        }
    }

    private static void BitReverse(Span<Fr> values, int log2)
    {
        int shift = 32 - log2;
        for (int i = 0; i < values.Length; i++)
        {
            int j = (int)(ReverseBits((uint)i) >> shift);
            if (j > i)
            {
                (values[i], values[j]) = (values[j], values[i]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint ReverseBits(uint x)
    {
        x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
        x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
        x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
        x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
        return (x >> 16) | (x << 16);
    }
}
