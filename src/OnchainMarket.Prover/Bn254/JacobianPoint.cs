using System.Runtime.CompilerServices;

namespace OnchainMarket.Prover.Bn254;

/// <summary>Jacobian point (X/Z², Y/Z³); Z = 0 is infinity. Layout-identical to G1/G2Projective.</summary>
internal struct JacobianPoint<TF>
    where TF : struct, IField<TF>
{
    public TF X;
    public TF Y;
    public TF Z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public JacobianPoint(TF x, TF y, TF z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public readonly bool IsInfinity
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Z.IsZero;
    }
}
