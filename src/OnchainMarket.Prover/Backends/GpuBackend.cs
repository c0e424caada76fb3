using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using OnchainMarket.Prover.Bn254;

namespace OnchainMarket.Prover.Backends;

/// <summary>
/// ILGPU backend: G1 MSM and NTT run as kernels (256-bit Montgomery arithmetic on 32-bit limbs), the
/// proving-key points stay resident in device memory. G2 MSM falls back to the CPU. The same kernels run
/// on ILGPU's CPU accelerator in tests.
/// </summary>
public sealed class GpuBackend : IProverBackend
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly CpuBackend _cpu = new();

    private GpuBackend(Context context, Accelerator accelerator)
    {
        _context = context;
        _accelerator = accelerator;
    }

    public string Name => $"gpu ({_accelerator.AcceleratorType}: {_accelerator.Name})";

    /// <summary>The backend on the first CUDA device, or null when there is none.</summary>
    public static GpuBackend? CreateCuda()
    {
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

    /// <summary>The backend on ILGPU's (single-threaded-per-group, slow) CPU accelerator.</summary>
    internal static GpuBackend CreateIlgpuCpu()
    {
        Context context = Context.Create(builder => builder.CPU());
        return new GpuBackend(context, context.CreateCPUAccelerator(0));
    }

    public IG1Bases LoadG1(G1Affine[] points) => _cpu.LoadG1(points);

    public IG2Bases LoadG2(G2Affine[] points) => _cpu.LoadG2(points);

    public G1Projective MsmG1(IG1Bases bases, ReadOnlySpan<Fr> scalars) => _cpu.MsmG1(bases, scalars);

    public G2Projective MsmG2(IG2Bases bases, ReadOnlySpan<Fr> scalars) => _cpu.MsmG2(bases, scalars);

    public void NttForward(Span<Fr> values) => _cpu.NttForward(values);

    public void NttInverse(Span<Fr> values) => _cpu.NttInverse(values);

    public void Dispose()
    {
        _accelerator.Dispose();
        _context.Dispose();
        _cpu.Dispose();
    }
}
