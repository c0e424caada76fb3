using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using OnchainMarket.Prover.Bn254;

namespace OnchainMarket.Prover.Backends.Native;

/// <summary>
/// The C kernels in <c>Backends/Native/c</c> (built by the project file with the system C compiler into
/// the output folder): a whole Pippenger window per call for G1 and G2, a whole NTT over Fr per call,
/// and element-wise field batches (scaling in the NTT, and the tests). Loaded once; when the library is missing, has another ABI version or
/// <c>OMKT_NATIVE_KERNELS=off</c> is set, <see cref="IsLoaded"/> is false and the managed code runs.
/// The x86-64-v3 build (BMI2, ADX, AVX2) is preferred when the CPU has those instructions.
/// </summary>
internal static unsafe class NativeKernels
{
    private const int ExpectedAbi = 2;

    private static readonly delegate* unmanaged<AffinePoint<Fq>*, ushort*, long, long, int, JacobianPoint<Fq>*, int> G1WindowFn;
    private static readonly delegate* unmanaged<AffinePoint<Fq2>*, ushort*, long, long, int, JacobianPoint<Fq2>*, int> G2WindowFn;
    private static readonly delegate* unmanaged<int, Fq*, Fq*, Fq*, long, int> FqBatchFn;
    private static readonly delegate* unmanaged<int, Fq2*, Fq2*, Fq2*, long, int> Fq2BatchFn;
    private static readonly delegate* unmanaged<int, Fr*, Fr*, Fr*, long, int> FrBatchFn;
    private static readonly delegate* unmanaged<Fr*, int, Fr*, int> FrNttFn;

    static NativeKernels()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("OMKT_NATIVE_KERNELS"), "off", StringComparison.OrdinalIgnoreCase))
        {
            Description = "managed (OMKT_NATIVE_KERNELS=off)";
            return;
        }

        bool v3 = Bmi2.X64.IsSupported && Avx2.IsSupported && X86Base.X64.IsSupported && Lzcnt.IsSupported;
        string[] candidates = v3 ? ["libomkt_kernels_v3.so", "libomkt_kernels.so"] : ["libomkt_kernels.so"];
        string? reason = null;
        foreach (string name in candidates)
        {
            string path = Path.Combine(AppContext.BaseDirectory, name);
            if (!File.Exists(path) || !NativeLibrary.TryLoad(path, out IntPtr handle))
            {
                reason ??= $"{name} not found next to the program (no C compiler at build time?)";
                continue;
            }

            var abi = (delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "omkt_kernels_abi");
            if (abi() != ExpectedAbi)
            {
                reason = $"{name} has ABI {abi()}, expected {ExpectedAbi} (a stale build)";
                continue;
            }

            G1WindowFn = (delegate* unmanaged<AffinePoint<Fq>*, ushort*, long, long, int, JacobianPoint<Fq>*, int>)NativeLibrary.GetExport(handle, "omkt_g1_window");
            G2WindowFn = (delegate* unmanaged<AffinePoint<Fq2>*, ushort*, long, long, int, JacobianPoint<Fq2>*, int>)NativeLibrary.GetExport(handle, "omkt_g2_window");
            FqBatchFn = (delegate* unmanaged<int, Fq*, Fq*, Fq*, long, int>)NativeLibrary.GetExport(handle, "omkt_fq_batch");
            Fq2BatchFn = (delegate* unmanaged<int, Fq2*, Fq2*, Fq2*, long, int>)NativeLibrary.GetExport(handle, "omkt_fq2_batch");
            FrBatchFn = (delegate* unmanaged<int, Fr*, Fr*, Fr*, long, int>)NativeLibrary.GetExport(handle, "omkt_fr_batch");
            FrNttFn = (delegate* unmanaged<Fr*, int, Fr*, int>)NativeLibrary.GetExport(handle, "omkt_fr_ntt");
            IsLoaded = true;
            Description = name.Contains("_v3", StringComparison.Ordinal) ? "native (x86-64-v3, BMI2/ADX)" : "native (portable)";
            return;
        }

        Description = $"managed ({reason})";
    }

    /// <summary>True when the native library is loaded and will be used by <see cref="MsmKernel.Auto"/>.</summary>
    public static bool IsLoaded { get; }

    /// <summary>Which kernels run, for logs and benchmarks, for example "native (x86-64-v3, BMI2/ADX)".</summary>
    public static string Description { get; }

    /// <summary>Whether <paramref name="kernel"/> selects the native code; throws for Native when it is not loaded.</summary>
    public static bool Use(MsmKernel kernel) => kernel switch
    {
        MsmKernel.Managed => false,
        MsmKernel.Native => IsLoaded ? true : throw new InvalidOperationException($"The native prover kernels are not loaded: {Description}."),
        _ => IsLoaded,
    };

    /// <summary>Σ digit·base over [start, end) of one window's digits (see Pippenger's digit encoding).</summary>
    public static JacobianPoint<TF> Window<TF>(AffinePoint<TF>* bases, ushort* digits, long start, long end, int c)
        where TF : unmanaged, IField<TF>
    {
        JacobianPoint<TF> result;
        int rc;
        if (typeof(TF) == typeof(Fq))
        {
            rc = G1WindowFn((AffinePoint<Fq>*)bases, digits, start, end, c, (JacobianPoint<Fq>*)&result);
        }
        else if (typeof(TF) == typeof(Fq2))
        {
            rc = G2WindowFn((AffinePoint<Fq2>*)bases, digits, start, end, c, (JacobianPoint<Fq2>*)&result);
        }
        else
        {
            throw new NotSupportedException($"No native window kernel for {typeof(TF).Name}.");
        }

        if (rc != 0)
        {
            throw new OutOfMemoryException($"The native MSM window kernel failed (window bits {c}).");
        }

        return result;
    }

    /// <summary>r[i] = op(a[i], b[i]) in the native code (op: 0 add, 1 sub, 2 mul, 3 square, 4 inverse, 5 negate).</summary>
    public static void FqBatch(int op, ReadOnlySpan<Fq> a, ReadOnlySpan<Fq> b, Span<Fq> r)
    {
        Check(a.Length, b.Length, r.Length);
        fixed (Fq* pa = a, pb = b, pr = r)
        {
            if (FqBatchFn(op, pa, pb, pr, r.Length) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown field operation.");
            }
        }
    }

    /// <summary>
    /// In-place radix-2 NTT in natural order (bit reverse, then the butterflies) with
    /// <paramref name="twiddles"/>[k] = ω^k for k &lt; n/2; no scaling.
    /// </summary>
    public static void FrNtt(Span<Fr> values, int log2, ReadOnlySpan<Fr> twiddles)
    {
        Check(values.Length, values.Length, values.Length);
        if (values.Length != 1 << log2 || twiddles.Length < values.Length / 2)
        {
            throw new ArgumentException($"An NTT of 2^{log2} values needs that many values and half as many twiddles: {values.Length}, {twiddles.Length}.");
        }

        fixed (Fr* pv = values, pt = twiddles)
        {
            if (FrNttFn(pv, log2, pt) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(log2), log2, "NTT size out of range.");
            }
        }
    }

    /// <summary>values[i] ·= factor in the native code.</summary>
    public static void FrScale(Span<Fr> values, Fr factor)
    {
        Check(values.Length, values.Length, values.Length);
        fixed (Fr* pv = values)
        {
            FrBatchFn(6, pv, &factor, pv, values.Length);
        }
    }

    /// <summary>r[i] = op(a[i], b[i]) over Fr (op: 0 add, 1 sub, 2 mul).</summary>
    public static void FrBatch(int op, ReadOnlySpan<Fr> a, ReadOnlySpan<Fr> b, Span<Fr> r)
    {
        Check(a.Length, b.Length, r.Length);
        fixed (Fr* pa = a, pb = b, pr = r)
        {
            if (op is < 0 or > 2 || FrBatchFn(op, pa, pb, pr, r.Length) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown field operation.");
            }
        }
    }

    /// <summary>The Fq2 counterpart of <see cref="FqBatch"/>.</summary>
    public static void Fq2Batch(int op, ReadOnlySpan<Fq2> a, ReadOnlySpan<Fq2> b, Span<Fq2> r)
    {
        Check(a.Length, b.Length, r.Length);
        fixed (Fq2* pa = a, pb = b, pr = r)
        {
            if (Fq2BatchFn(op, pa, pb, pr, r.Length) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown field operation.");
            }
        }
    }

    private static void Check(int a, int b, int r)
    {
        if (!IsLoaded)
        {
            throw new InvalidOperationException($"The native prover kernels are not loaded: {Description}.");
        }

        if (a != r || b != r)
        {
            throw new ArgumentException($"Field batches need equal lengths: {a}, {b}, {r}.");
        }
    }
}
