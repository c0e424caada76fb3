using System.Runtime.CompilerServices;

namespace OnchainMarket.Prover.Bn254;

/// <summary>
/// Affine point over <typeparamref name="TF"/>; (0, 0) is the point at infinity (it is on neither BN254
/// curve). Layout-identical to <see cref="G1Affine"/> / <see cref="G2Affine"/> so spans can be reinterpreted.
/// </summary>
internal struct AffinePoint<TF>
    where TF : struct, IField<TF>
{
    public TF X;
    public TF Y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public AffinePoint(TF x, TF y)
    {
        X = x;
        Y = y;
    }

    public readonly bool IsInfinity
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => X.IsZero && Y.IsZero;
    }
}
