using System.Runtime.InteropServices;

namespace OnchainMarket.Prover.Bn254;

/// <summary>
/// Multi-scalar multiplication Σ scalars[i]·bases[i]. Scalars are Fr values in Montgomery form (as
/// everywhere); bases may contain the point at infinity.
/// </summary>
public static class Msm
{
    public static G1Projective G1(ReadOnlySpan<G1Affine> bases, ReadOnlySpan<Fr> scalars)
    {
        CheckLengths(bases.Length, scalars.Length);
        var result = Pippenger<Fq>.Run(MemoryMarshal.Cast<G1Affine, AffinePoint<Fq>>(bases), scalars);
        return G1Projective.FromGeneric(result);
    }

    public static G2Projective G2(ReadOnlySpan<G2Affine> bases, ReadOnlySpan<Fr> scalars)
    {
        CheckLengths(bases.Length, scalars.Length);
        var result = Pippenger<Fq2>.Run(MemoryMarshal.Cast<G2Affine, AffinePoint<Fq2>>(bases), scalars);
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
