using System.Runtime.InteropServices;
using OnchainMarket.Prover.Backends.Native;

namespace OnchainMarket.Prover.Bn254;

/// <summary>
/// Multi-scalar multiplication Σ scalars[i]·bases[i]. Scalars are Fr values in Montgomery form (as
/// everywhere); bases may contain the point at infinity.
/// </summary>
public static class Msm
{
    public static G1Projective G1(ReadOnlySpan<G1Affine> bases, ReadOnlySpan<Fr> scalars) => G1(bases, scalars, MsmKernel.Auto);

    public static G2Projective G2(ReadOnlySpan<G2Affine> bases, ReadOnlySpan<Fr> scalars) => G2(bases, scalars, MsmKernel.Auto);

    internal static G1Projective G1(ReadOnlySpan<G1Affine> bases, ReadOnlySpan<Fr> scalars, MsmKernel kernel)
    {
        CheckLengths(bases.Length, scalars.Length);
        var result = Pippenger<Fq>.Run(MemoryMarshal.Cast<G1Affine, AffinePoint<Fq>>(bases), scalars, kernel);
        return G1Projective.FromGeneric(result);
    }

    internal static G2Projective G2(ReadOnlySpan<G2Affine> bases, ReadOnlySpan<Fr> scalars, MsmKernel kernel)
    {
        CheckLengths(bases.Length, scalars.Length);
        var result = Pippenger<Fq2>.Run(MemoryMarshal.Cast<G2Affine, AffinePoint<Fq2>>(bases), scalars, kernel);
        return G2Projective.FromGeneric(result);
    }

    private static void CheckLengths(int bases, int scalars)
    {
        if (bases != scalars)
        {
            throw new ArgumentException($"MSM needs as many scalars as bases: {bases} bases, {scalars} scalars.");
        }
    }
}
