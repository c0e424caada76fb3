using ILGPU;
using OnchainMarket.Prover.Bn254;
using static OnchainMarket.Prover.Backends.KernelField;

namespace OnchainMarket.Prover.Backends;

/// <summary>
/// ILGPU kernel entry points. Device data is flat ulong arrays in the host layouts: an Fr/Fq value is
/// 4 limbs (Montgomery form), a G1 affine point 8 (x, y; all zero = infinity), a Jacobian point 12.
/// MSM pipeline: <see cref="Digits"/> (signed window digits + bucket histogram) → host prefix sum →
/// <see cref="Scatter"/> (counting sort of point indices by bucket) → <see cref="BucketSums"/> (one
/// thread per bucket) → <see cref="SegmentReduce"/> (running sums over bucket segments) → host Horner.
/// </summary>
internal static class GpuKernels
{
    public const int AffineLimbs = 8;
    public const int JacobianLimbs = 12;

    private static U256 Load(ArrayView<ulong> view, long offset) =>
        new(view[offset], view[offset + 1], view[offset + 2], view[offset + 3]);

    private static void Store(ArrayView<ulong> view, long offset, U256 value)
    {
        view[offset] = value.L0;
        view[offset + 1] = value.L1;
        view[offset + 2] = value.L2;
        view[offset + 3] = value.L3;
    }

    private static KernelJacobian LoadJacobian(ArrayView<ulong> view, long index) =>
        new(Load(view, index * JacobianLimbs), Load(view, (index * JacobianLimbs) + 4), Load(view, (index * JacobianLimbs) + 8));

    private static void StoreJacobian(ArrayView<ulong> view, long index, KernelJacobian p)
    {
        Store(view, index * JacobianLimbs, p.X);
        Store(view, (index * JacobianLimbs) + 4, p.Y);
        Store(view, (index * JacobianLimbs) + 8, p.Z);
    }

    private static ulong Extract(U256 k, int offset, int count)
    {
        int limb = offset >> 6;
        int shift = offset & 63;
        if (limb > 3)
        {
            return 0;
        }

        ulong lowLimb = limb == 0 ? k.L0 : limb == 1 ? k.L1 : limb == 2 ? k.L2 : k.L3;
        ulong v = lowLimb >> shift;
        if (shift + count > 64 && limb < 3)
        {
            ulong highLimb = limb == 0 ? k.L1 : limb == 1 ? k.L2 : k.L3;
            v |= highLimb << (64 - shift);
        }

        return v & ((1UL << count) - 1);
    }

    /// <summary>Per point: the canonical scalar's signed c-bit digits, and a histogram of bucket sizes.</summary>
    public static void Digits(Index1D i, ArrayView<ulong> scalars, ArrayView<ulong> points, ArrayView<int> digits, ArrayView<int> counts, int n, int c, int windows)
    {
        U256 k = FrMul(Load(scalars, (long)(int)i * 4), new U256(1, 0, 0, 0));
        long p = (long)(int)i * AffineLimbs;
        bool infinity = (points[p] | points[p + 1] | points[p + 2] | points[p + 3] | points[p + 4] | points[p + 5] | points[p + 6] | points[p + 7]) == 0;
        bool skip = infinity || IsZero(k);
        int half = 1 << (c - 1);
        int carry = 0;
        for (int w = 0; w < windows; w++)
        {
            int d = 0;
            if (!skip)
            {
                d = (int)Extract(k, w * c, c) + carry;
                if (d > half)
                {
                    d -= 1 << c;
                    carry = 1;
                }
                else
                {
                    carry = 0;
                }
            }

            digits[((long)w * n) + (int)i] = d;
            if (d != 0)
            {
                int magnitude = d < 0 ? -d : d;
                Atomic.Add(ref counts[(w * half) + magnitude - 1], 1);
            }
        }
    }

    /// <summary>Writes each (window, point) with a non-zero digit into its bucket's slot range; ~index marks a negative digit.</summary>
    public static void Scatter(Index1D i, ArrayView<int> digits, ArrayView<int> cursors, ArrayView<int> sorted, int n, int c, int windows)
    {
        int half = 1 << (c - 1);
        for (int w = 0; w < windows; w++)
        {
            int d = digits[((long)w * n) + (int)i];
            if (d != 0)
            {
                int magnitude = d < 0 ? -d : d;
                int position = Atomic.Add(ref cursors[(w * half) + magnitude - 1], 1);
                sorted[position] = d > 0 ? (int)i : ~(int)i;
            }
        }
    }

    /// <summary>One thread per (window, bucket): the sum of the bucket's (signed) points.</summary>
    public static void BucketSums(Index1D bucket, ArrayView<int> offsets, ArrayView<int> sorted, ArrayView<ulong> points, ArrayView<ulong> buckets)
    {
        KernelJacobian acc = KernelCurve.Infinity;
        int end = offsets[bucket + 1];
        for (int j = offsets[bucket]; j < end; j++)
        {
            int entry = sorted[j];
            long index = entry >= 0 ? entry : ~entry;
            U256 x = Load(points, index * AffineLimbs);
            U256 y = Load(points, (index * AffineLimbs) + 4);
            if (entry < 0)
            {
                y = FqNeg(y);
            }

            acc = KernelCurve.AddMixed(acc, x, y);
        }

        StoreJacobian(buckets, bucket, acc);
    }

    /// <summary>
    /// One thread per (window, segment of buckets [lo, lo + len)): Σ_k (k + 1)·B_k over the segment, as
    /// the running-sum Σ (k − lo + 1)·B_k plus lo·Σ B_k.
    /// </summary>
    public static void SegmentReduce(Index1D t, ArrayView<ulong> buckets, ArrayView<ulong> results, int half, int segments)
    {
        int w = t / segments;
        int s = t - (w * segments);
        int length = half / segments;
        int lo = s * length;
        long baseIndex = (long)w * half;
        KernelJacobian running = KernelCurve.Infinity;
        KernelJacobian total = KernelCurve.Infinity;
        for (int k = lo + length - 1; k >= lo; k--)
        {
            running = KernelCurve.Add(running, LoadJacobian(buckets, baseIndex + k));
            total = KernelCurve.Add(total, running);
        }

        KernelJacobian scaled = KernelCurve.Infinity;
        for (int bit = 30; bit >= 0; bit--)
        {
            scaled = KernelCurve.Double(scaled);
            if (((lo >> bit) & 1) != 0)
            {
                scaled = KernelCurve.Add(scaled, running);
            }
        }

        StoreJacobian(results, t, KernelCurve.Add(total, scaled));
    }

    /// <summary>Swaps element i with element bitreverse(i) (each pair once).</summary>
    public static void BitReverse(Index1D i, ArrayView<ulong> values, int log2)
    {
        uint x = (uint)(int)i;
        x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
        x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
        x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
        x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
        x = (x >> 16) | (x << 16);
        long j = x >> (32 - log2);
        if (j > (int)i)
        {
            U256 a = Load(values, (long)(int)i * 4);
            U256 b = Load(values, j * 4);
            Store(values, (long)(int)i * 4, b);
            Store(values, j * 4, a);
        }
    }

    /// <summary>One radix-2 butterfly of the stage whose blocks have <paramref name="half"/> pairs.</summary>
    public static void Butterfly(Index1D k, ArrayView<ulong> values, ArrayView<ulong> twiddles, int half, int stride)
    {
        int block = k / half;
        int j = k - (block * half);
        long i0 = ((long)block * 2 * half) + j;
        long i1 = i0 + half;
        U256 t = FrMul(Load(values, i1 * 4), Load(twiddles, (long)j * stride * 4));
        U256 u = Load(values, i0 * 4);
        Store(values, i0 * 4, FrAdd(u, t));
        Store(values, i1 * 4, FrSub(u, t));
    }

    /// <summary>values[i] ·= factor (Montgomery form).</summary>
    public static void Scale(Index1D i, ArrayView<ulong> values, ulong f0, ulong f1, ulong f2, ulong f3)
    {
        Store(values, (long)(int)i * 4, FrMul(Load(values, (long)(int)i * 4), new U256(f0, f1, f2, f3)));
    }
}
