using OnchainMarket.Prover.Backends.Native;
using OnchainMarket.Prover.Bn254;

namespace OnchainMarket.Prover.Backends;

/// <summary>The multi-core CPU implementation: <see cref="Msm"/> (native kernels when loaded) and <see cref="Ntt"/>.</summary>
public sealed class CpuBackend : IProverBackend
{
    public string Name => $"cpu ({Environment.ProcessorCount} cores, {NativeKernels.Description} MSM kernels)";

    public IG1Bases LoadG1(G1Affine[] points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return new CpuBases<G1Affine>(points);
    }

    public IG2Bases LoadG2(G2Affine[] points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return new CpuBases<G2Affine>(points);
    }

    public G1Projective MsmG1(IG1Bases bases, ReadOnlySpan<Fr> scalars) =>
        Msm.G1(Unwrap<G1Affine>(bases, scalars.Length), scalars);

    public G2Projective MsmG2(IG2Bases bases, ReadOnlySpan<Fr> scalars) =>
        Msm.G2(Unwrap<G2Affine>(bases, scalars.Length), scalars);

    public void NttForward(Span<Fr> values) => Ntt.Forward(values);

    public void NttInverse(Span<Fr> values) => Ntt.Inverse(values);

    public void Dispose()
    {
    }

    private static TPoint[] Unwrap<TPoint>(object bases, int scalarCount)
    {
        if (bases is not CpuBases<TPoint> cpu)
        {
            throw new ArgumentException("These bases were not loaded by a CPU backend.", nameof(bases));
        }

        if (cpu.Count != scalarCount)
        {
            throw new ArgumentException($"MSM needs as many scalars as bases: {cpu.Count} bases, {scalarCount} scalars.", nameof(bases));
        }

        return cpu.Points;
    }
}
