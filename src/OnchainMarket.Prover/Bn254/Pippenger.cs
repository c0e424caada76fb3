using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OnchainMarket.Prover.Backends.Native;

namespace OnchainMarket.Prover.Bn254;

/// <summary>
/// Pippenger's bucket method, generic over the group's coordinate field (G1: Fq, G2: Fq2):
/// signed c-bit digits (2^(c−1) buckets per window), bucket accumulation in affine coordinates with
/// one shared inversion per batch (<see cref="BucketAccumulator{TF}"/>), scalars 0 and 1 short-cut,
/// windows (and, with more cores than windows, point ranges) spread over the cores. Each window's
/// bucket work runs either in <see cref="BucketAccumulator{TF}"/> or, one call per window, in the
/// native kernels (<see cref="NativeKernels"/>); digits and the final Horner sum are shared.
/// </summary>
internal static class Pippenger<TF>
    where TF : unmanaged, IField<TF>
{
    /// <summary>Digit encoding: 0 = no contribution, otherwise magnitude | (negative ? 0x8000 : 0).</summary>
    private const ushort NegativeFlag = 0x8000;

    private const int MaxWindowBits = 15;

    public static JacobianPoint<TF> Run(ReadOnlySpan<AffinePoint<TF>> bases, ReadOnlySpan<Fr> scalars, MsmKernel kernel = MsmKernel.Auto)
    {
        bool native = NativeKernels.Use(kernel);
        int n = bases.Length;
        if (n == 0)
        {
            return CurveMath<TF>.Infinity;
        }

        if (n <= 2)
        {
            JacobianPoint<TF> acc = CurveMath<TF>.Infinity;
            for (int i = 0; i < n; i++)
            {
                acc = CurveMath<TF>.Add(acc, CurveMath<TF>.Multiply(bases[i], scalars[i]));
            }

            return acc;
        }

        int c = ChooseWindowBits(n, native);
        int windows = (Fr.ModulusBits + 1 + c - 1) / c;
        ushort[] digits = ArrayPool<ushort>.Shared.Rent(windows * n);
        bool[] isOne = ArrayPool<bool>.Shared.Rent(n);
        try
        {
            unsafe
            {
                fixed (AffinePoint<TF>* basesPtr = bases)
                fixed (Fr* scalarsPtr = scalars)
                {
                    var basesRef = new PinnedSpan<AffinePoint<TF>>(basesPtr, n);
                    var scalarsRef = new PinnedSpan<Fr>(scalarsPtr, n);
                    int workers = Environment.ProcessorCount;
                    ComputeDigits(basesRef, scalarsRef, c, windows, digits, isOne, workers);
                    JacobianPoint<TF> ones = SumOnes(basesRef, isOne, workers);
                    JacobianPoint<TF> sum = SumWindows(basesRef, digits, c, windows, workers, native);
                    return CurveMath<TF>.Add(sum, ones);
                }
            }
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(digits);
            ArrayPool<bool>.Shared.Return(isOne);
        }
    }

    /// <summary>
    /// Minimises windows × (n batched affine additions + 2^(c−1) bucket-reduction steps): an affine
    /// addition in a batch costs about 6.5 field multiplications; a reduction step is one mixed plus one
    /// full addition, about 27 multiplications in the managed Jacobian code (weight 27 / 6.5 / 2 ≈ 2.1 on
    /// 2^c) and 20 in the native XYZZ code (weight ≈ 1.5).
    /// </summary>
    internal static int ChooseWindowBits(int n, bool native = false)
    {
        double weight = native ? 1.5 : 2.1;
        int best = 2;
        double bestCost = double.MaxValue;
        for (int c = 2; c <= MaxWindowBits; c++)
        {
            int windows = (Fr.ModulusBits + 1 + c - 1) / c;
            double cost = windows * ((double)n + (weight * (1 << c)));
            if (cost < bestCost)
            {
                bestCost = cost;
                best = c;
            }
        }

        return best;
    }

    private static void ComputeDigits(PinnedSpan<AffinePoint<TF>> bases, PinnedSpan<Fr> scalars, int c, int windows, ushort[] digits, bool[] isOne, int workers)
    {
        int n = bases.Length;
        int chunk = Math.Max(1024, (n + workers - 1) / workers);
        int chunks = (n + chunk - 1) / chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = workers }, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (ci) =>
        {
            int start = ci * chunk;
            int end = Math.Min(n, start + chunk);
            ulong mask = (1UL << c) - 1;
            uint half = 1u << (c - 1);
            ReadOnlySpan<AffinePoint<TF>> b = bases.Span;
            ReadOnlySpan<Fr> s = scalars.Span;
            for (int i = start; i < end; i++)
            {
                U256 k = Montgomery<FrParams>.FromMontgomery(s[i].V);
                bool one = k.L0 == 1 && (k.L1 | k.L2 | k.L3) == 0;
                bool skip = k.IsZero || one || b[i].IsInfinity;
                isOne[i] = one && !b[i].IsInfinity;
                uint carry = 0;
                for (int w = 0; w < windows; w++)
                {
                    ushort code = 0;
                    if (!skip)
                    {
                        uint d = (uint)ExtractBits(k, w * c, c, mask) + carry;
                        if (d > half)
                        {
                            // Negative digit d − 2^c, borrowed from the next window (d = 2^c gives digit 0).
                            uint magnitude = (1u << c) - d;
                            code = magnitude == 0 ? (ushort)0 : (ushort)(magnitude | NegativeFlag);
                            carry = 1;
                        }
                        else
                        {
                            code = (ushort)d;
                            carry = 0;
                        }
                    }

                    digits[(w * n) + i] = code;
                }
            }
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ExtractBits(in U256 k, int offset, int count, ulong mask)
    {
        int limb = offset >> 6;
        int shift = offset & 63;
        if (limb > 3)
        {
            return 0;
        }

        ulong v = Limb(k, limb) >> shift;
        if (shift + count > 64 && limb < 3)
        {
            v |= Limb(k, limb + 1) << (64 - shift);
        }

        return v & mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Limb(in U256 k, int index) => index switch
    {
        0 => k.L0,
        1 => k.L1,
        2 => k.L2,
        _ => k.L3,
    };

    private static JacobianPoint<TF> SumOnes(PinnedSpan<AffinePoint<TF>> bases, bool[] isOne, int workers)
    {
        int n = bases.Length;
        int chunk = Math.Max(4096, (n + workers - 1) / workers);
        int chunks = (n + chunk - 1) / chunk;
        var partial = new JacobianPoint<TF>[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = workers }, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (ci) =>
        {
            int start = ci * chunk;
            int end = Math.Min(n, start + chunk);
            ReadOnlySpan<AffinePoint<TF>> b = bases.Span;
            JacobianPoint<TF> acc = CurveMath<TF>.Infinity;
            for (int i = start; i < end; i++)
            {
                if (isOne[i])
                {
                    acc = CurveMath<TF>.AddMixed(acc, b[i]);
                }
            }

            partial[ci] = acc;
        });

        JacobianPoint<TF> total = CurveMath<TF>.Infinity;
        foreach (JacobianPoint<TF> p in partial)
        {
            total = CurveMath<TF>.Add(total, p);
        }

        return total;
    }

    private static JacobianPoint<TF> SumWindows(PinnedSpan<AffinePoint<TF>> bases, ushort[] digits, int c, int windows, int workers, bool native)
    {
        int n = bases.Length;

        // With more cores than windows, also split the points so every core has work.
        int splits = Math.Max(1, (workers + windows - 1) / windows);
        if (n < splits * 1024)
        {
            splits = 1;
        }

        int tasks = windows * splits;
        int chunk = (n + splits - 1) / splits;
        var partial = new JacobianPoint<TF>[tasks];
        int bucketCount = 1 << (c - 1);
        Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = workers }, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
        {
            int w = t / splits;
            int start = (t % splits) * chunk;
            int end = Math.Min(n, start + chunk);
            if (native)
            {
                partial[t] = NativeWindow(bases, digits, w * n, start, end, c);
                return;
            }

            var accumulator = new BucketAccumulator<TF>(bucketCount);
            try
            {
                ReadOnlySpan<AffinePoint<TF>> b = bases.Span;
                ReadOnlySpan<ushort> windowDigits = digits.AsSpan(w * n, n);
                for (int i = start; i < end; i++)
                {
                    ushort code = windowDigits[i];
                    if (code == 0)
                    {
                        continue;
                    }

                    int bucket = (code & ~NegativeFlag) - 1;
                    if ((code & NegativeFlag) != 0)
                    {
                        accumulator.Add(bucket, CurveMath<TF>.Negate(b[i]));
                    }
                    else
                    {
                        accumulator.Add(bucket, b[i]);
                    }
                }

                partial[t] = accumulator.Reduce();
            }
            finally
            {
                accumulator.Dispose();
            }
        });

        // Horner over the windows, most significant first: result = Σ_w 2^(c·w)·S_w.
        JacobianPoint<TF> result = CurveMath<TF>.Infinity;
        for (int w = windows - 1; w >= 0; w--)
        {
            for (int i = 0; i < c && !result.IsInfinity; i++)
            {
                result = CurveMath<TF>.Double(result);
            }

            for (int s = 0; s < splits; s++)
            {
                result = CurveMath<TF>.Add(result, partial[(w * splits) + s]);
            }
        }

        return result;
    }

    private static unsafe JacobianPoint<TF> NativeWindow(PinnedSpan<AffinePoint<TF>> bases, ushort[] digits, int offset, int start, int end, int c)
    {
        fixed (ushort* windowDigits = &digits[offset])
        {
            return NativeKernels.Window(bases.Pointer, windowDigits, start, end, c);
        }
    }

    /// <summary>A span captured by parallel lambdas (spans cannot be); valid while the caller keeps the memory pinned.</summary>
    private readonly unsafe struct PinnedSpan<T>(T* pointer, int length)
        where T : unmanaged
    {
        public int Length => length;

        public T* Pointer => pointer;

        public ReadOnlySpan<T> Span => new(pointer, length);
    }
}
