using ILGPU;
using ILGPU.Runtime;

namespace OnchainMarket.Prover.Backends;

/// <summary>G1 points resident in device memory (8 limbs each), reused by every MSM until disposed.</summary>
internal sealed class GpuG1Bases(Accelerator owner, MemoryBuffer1D<ulong, Stride1D.Dense> buffer, int count) : IG1Bases
{
    public Accelerator Owner { get; } = owner;

    public MemoryBuffer1D<ulong, Stride1D.Dense> Buffer { get; } = buffer;

    public int Count { get; } = count;

    public void Dispose() => Buffer.Dispose();
}
