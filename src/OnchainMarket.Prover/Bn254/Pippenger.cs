namespace OnchainMarket.Prover.Bn254;

/// <summary>Bucket-method MSM, generic over the group's coordinate field.</summary>
internal static class Pippenger<TF>
    where TF : struct, IField<TF>
{
    public static JacobianPoint<TF> Run(ReadOnlySpan<AffinePoint<TF>> bases, ReadOnlySpan<Fr> scalars)
    {
        JacobianPoint<TF> acc = CurveMath<TF>.Infinity;
        for (int i = 0; i < bases.Length; i++)
        {
            acc = CurveMath<TF>.Add(acc, CurveMath<TF>.Multiply(bases[i], scalars[i]));
        }

        return acc;
    }
}
