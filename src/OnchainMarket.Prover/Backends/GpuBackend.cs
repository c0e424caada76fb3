using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using OnchainMarket.Prover.Bn254;

namespace OnchainMarket.Prover.Backends;

/// <summary>
/// ILGPU backend: G1 MSM and NTT run as kernels (<see cref="GpuKernels"/>, 256-bit Montgomery
/// arithmetic on ulong limbs); proving-key points loaded with <see cref="LoadG1"/> stay resident in
/// device memory. G2 MSM runs on the CPU. The same kernels run on ILGPU's CPU accelerator in tests.
/// Calls are serialised: one accelerator stream is shared.
/// </summary>
public sealed class GpuBackend : IProverBackend
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly CpuBackend _cpu = new();
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<(int Log2, bool Inverse), MemoryBuffer1D<ulong, Stride1D.Dense>> _twiddles = new();

    private readonly Action<Index1D, ArrayView<ulong>, ArrayView<ulong>, ArrayView<int>, ArrayView<int>, int, int, int> _digits;
    private readonly Action<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>, int, int, int> _scatter;
    private readonly Action<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<ulong>, ArrayView<ulong>> _bucketSums;
    private readonly Action<Index1D, ArrayView<ulong>, ArrayView<ulong>, int, int> _segmentReduce;
    private readonly Action<Index1D, ArrayView<ulong>, int> _bitReverse;
    private readonly Action<Index1D, ArrayView<ulong>, ArrayView<ulong>, int, int> _butterfly;
    private readonly Action<Index1D, ArrayView<ulong>, ulong, ulong, ulong, ulong> _scale;

    private GpuBackend(Context context, Accelerator accelerator)
    {
        _context = context;
        _accelerator = accelerator;
        _digits = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<ulong>, ArrayView<ulong>, ArrayView<int>, ArrayView<int>, int, int, int>(GpuKernels.Digits);
        _scatter = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>, int, int, int>(GpuKernels.Scatter);
        _bucketSums = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<ulong>, ArrayView<ulong>>(GpuKernels.BucketSums);
        _segmentReduce = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<ulong>, ArrayView<ulong>, int, int>(GpuKernels.SegmentReduce);
        _bitReverse = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<ulong>, int>(GpuKernels.BitReverse);
        _butterfly = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<ulong>, ArrayView<ulong>, int, int>(GpuKernels.Butterfly);
        _scale = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<ulong>, ulong, ulong, ulong, ulong>(GpuKernels.Scale);
    }

    public string Name => $"gpu ({_accelerator.AcceleratorType}: {_accelerator.Name})";

    /// <summary>The backend on the first CUDA device, or null when there is none.</summary>
    public static GpuBackend? CreateCuda()
    {
        // Creating an ILGPU CUDA context costs tens of milliseconds even without a GPU; Linux exposes
        // every NVIDIA device as /dev/nvidia<N>, so without one there is nothing to probe.
        if (OperatingSystem.IsLinux() && !HasNvidiaDeviceNode())
        {
            return null;
        }

        Context? context = null;
        try
        {
            context = Context.Create(builder => builder.Cuda());
            var devices = context.GetCudaDevices();
            if (devices.Count == 0)
            {
                context.Dispose();
                return null;
            }

            return new GpuBackend(context, devices[0].CreateAccelerator(context));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // No driver, no device or an unsupported one: the caller decides whether that is fatal.
            context?.Dispose();
            return null;
        }
    }

    private static bool HasNvidiaDeviceNode() =>
        Directory.Exists("/dev") && Directory.EnumerateFiles("/dev", "nvidia*").Any(path => char.IsAsciiDigit(path[^1]));

    /// <summary>The backend on ILGPU's CPU accelerator (slow: it simulates the GPU threads).</summary>
    internal static GpuBackend CreateIlgpuCpu()
    {
        Context context = Context.Create(builder => builder.CPU());
        return new GpuBackend(context, context.CreateCPUAccelerator(0));
    }

    public IG1Bases LoadG1(G1Affine[] points)
    {
        ArgumentNullException.ThrowIfNull(points);
        ReadOnlySpan<ulong> limbs = MemoryMarshal.Cast<G1Affine, ulong>(points);
        lock (_gate)
        {
            var buffer = _accelerator.Allocate1D<ulong>(Math.Max(1, limbs.Length));
            if (limbs.Length > 0)
            {
                buffer.View.SubView(0, limbs.Length).AsContiguous().CopyFromCPU(limbs);
            }

            return new GpuG1Bases(_accelerator, buffer, points.Length);
        }
    }

    public IG2Bases LoadG2(G2Affine[] points) => _cpu.LoadG2(points);

    public G1Projective MsmG1(IG1Bases bases, ReadOnlySpan<Fr> scalars)
    {
        if (bases is not GpuG1Bases gpu || !ReferenceEquals(gpu.Owner, _accelerator))
        {
            throw new ArgumentException("These bases were not loaded by this GPU backend.", nameof(bases));
        }

        if (gpu.Count != scalars.Length)
        {
            throw new ArgumentException($"MSM needs as many scalars as bases: {gpu.Count} bases, {scalars.Length} scalars.", nameof(scalars));
        }

        if (scalars.Length == 0)
        {
            return G1Projective.Infinity;
        }

        lock (_gate)
        {
            return MsmG1Locked(gpu, scalars);
        }
    }

    /// <summary>The window size for the GPU: about 2^7 points per bucket, so buckets are many and balanced.</summary>
    internal static int GpuWindowBits(int n) => Math.Clamp(BitOperations.Log2((uint)n) - 7, 4, 16);

    private G1Projective MsmG1Locked(GpuG1Bases gpu, ReadOnlySpan<Fr> scalars)
    {
        int n = scalars.Length;
        int c = GpuWindowBits(n);
        int windows = (Fr.ModulusBits + 1 + c - 1) / c;
        int half = 1 << (c - 1);
        int bucketTotal = windows * half;
        int segments = Math.Min(half, 64);

        using var scalarBuffer = _accelerator.Allocate1D<ulong>(n * 4L);
        scalarBuffer.View.AsContiguous().CopyFromCPU(MemoryMarshal.Cast<Fr, ulong>(scalars));
        using var digits = _accelerator.Allocate1D<int>((long)windows * n);
        using var counts = _accelerator.Allocate1D<int>(bucketTotal);
        counts.MemSetToZero();
        _digits(n, scalarBuffer.View, gpu.Buffer.View, digits.View, counts.View, n, c, windows);

        // Exclusive prefix sum of the bucket sizes on the host (windows·2^(c−1) integers, tiny).
        int[] hostCounts = counts.GetAsArray1D();
        int[] offsets = new int[bucketTotal + 1];
        for (int b = 0; b < bucketTotal; b++)
        {
            offsets[b + 1] = offsets[b] + hostCounts[b];
        }

        using var offsetBuffer = _accelerator.Allocate1D(offsets);
        using var cursors = _accelerator.Allocate1D<int>(bucketTotal);
        cursors.View.AsContiguous().CopyFromCPU((ReadOnlySpan<int>)offsets.AsSpan(0, bucketTotal));
        using var sorted = _accelerator.Allocate1D<int>(Math.Max(1, offsets[bucketTotal]));
        _scatter(n, digits.View, cursors.View, sorted.View, n, c, windows);

        using var buckets = _accelerator.Allocate1D<ulong>((long)bucketTotal * GpuKernels.JacobianLimbs);
        _bucketSums(bucketTotal, offsetBuffer.View, sorted.View, gpu.Buffer.View, buckets.View);

        int reduceThreads = windows * segments;
        using var results = _accelerator.Allocate1D<ulong>((long)reduceThreads * GpuKernels.JacobianLimbs);
        _segmentReduce(reduceThreads, buckets.View, results.View, half, segments);
        ulong[] hostResults = results.GetAsArray1D();
        ReadOnlySpan<G1Projective> partial = MemoryMarshal.Cast<ulong, G1Projective>(hostResults);

        G1Projective result = G1Projective.Infinity;
        for (int w = windows - 1; w >= 0; w--)
        {
            for (int i = 0; i < c && !result.IsInfinity; i++)
            {
                result = result.Double();
            }

            for (int s = 0; s < segments; s++)
            {
                result = result.Add(partial[(w * segments) + s]);
            }
        }

        return result;
    }

    public G2Projective MsmG2(IG2Bases bases, ReadOnlySpan<Fr> scalars) => _cpu.MsmG2(bases, scalars);

    public void NttForward(Span<Fr> values) => Transform(values, inverse: false);

    public void NttInverse(Span<Fr> values) => Transform(values, inverse: true);

    private void Transform(Span<Fr> values, bool inverse)
    {
        int log2 = Ntt.Log2Exact(values.Length);
        if (values.Length == 1)
        {
            return;
        }

        int n = values.Length;
        Span<ulong> limbs = MemoryMarshal.Cast<Fr, ulong>(values);
        lock (_gate)
        {
            var twiddles = _twiddles.GetOrAdd((log2, inverse), key =>
                _accelerator.Allocate1D(MemoryMarshal.Cast<Fr, ulong>(Ntt.Twiddles(key.Log2, key.Inverse)).ToArray()));
            using var buffer = _accelerator.Allocate1D<ulong>(limbs.Length);
            buffer.View.AsContiguous().CopyFromCPU((ReadOnlySpan<ulong>)limbs);
            _bitReverse(n, buffer.View, log2);
            for (int half = 1; half < n; half <<= 1)
            {
                _butterfly(n / 2, buffer.View, twiddles.View, half, n / (2 * half));
            }

            if (inverse)
            {
                Fr nInv = Fr.FromBigInteger(n).Inverse();
                _scale(n, buffer.View, nInv.V.L0, nInv.V.L1, nInv.V.L2, nInv.V.L3);
            }

            buffer.View.AsContiguous().CopyToCPU(limbs);
        }
    }

    public void Dispose()
    {
        foreach (var buffer in _twiddles.Values)
        {
            buffer.Dispose();
        }

        _accelerator.Dispose();
        _context.Dispose();
        _cpu.Dispose();
    }
}
