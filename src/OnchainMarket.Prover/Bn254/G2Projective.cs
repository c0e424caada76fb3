using System.Runtime.CompilerServices;

namespace OnchainMarket.Prover.Bn254;

/// <summary>A G2 point in Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is infinity.</summary>
public struct G2Projective : IEquatable<G2Projective>
{
    public Fq2 X;
    public Fq2 Y;
    public Fq2 Z;

    public G2Projective(Fq2 x, Fq2 y, Fq2 z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public static G2Projective Infinity => FromGeneric(CurveMath<Fq2>.Infinity);

    public static G2Projective Generator => FromAffine(G2Affine.Generator);

    public readonly bool IsInfinity => Z.IsZero;

    public static G2Projective FromAffine(G2Affine p) => FromGeneric(CurveMath<Fq2>.FromAffine(G2Affine.AsGeneric(p)));

    public readonly G2Projective Add(G2Projective other) => FromGeneric(CurveMath<Fq2>.Add(AsGeneric(this), AsGeneric(other)));

    public readonly G2Projective AddMixed(G2Affine other) => FromGeneric(CurveMath<Fq2>.AddMixed(AsGeneric(this), G2Affine.AsGeneric(other)));

    public readonly G2Projective Double() => FromGeneric(CurveMath<Fq2>.Double(AsGeneric(this)));

    public readonly G2Projective Negate() => FromGeneric(CurveMath<Fq2>.Negate(AsGeneric(this)));

    public readonly G2Affine ToAffine() => G2Affine.FromGeneric(CurveMath<Fq2>.ToAffine(AsGeneric(this)));

    /// <summary>p·scalar by double-and-add (not constant time; for setup and tests, not for MSM).</summary>
    public static G2Projective Multiply(G2Affine p, Fr scalar) => FromGeneric(CurveMath<Fq2>.Multiply(G2Affine.AsGeneric(p), scalar));

    /// <summary>p·k for any integer k (for example the group order, in subgroup checks).</summary>
    public readonly G2Projective Multiply(System.Numerics.BigInteger k) => FromGeneric(CurveMath<Fq2>.Multiply(AsGeneric(this), k));

    /// <summary>Converts many points to affine with one shared inversion.</summary>
    public static void BatchToAffine(ReadOnlySpan<G2Projective> points, Span<G2Affine> result) =>
        CurveMath<Fq2>.BatchToAffine(
            System.Runtime.InteropServices.MemoryMarshal.Cast<G2Projective, JacobianPoint<Fq2>>(points),
            System.Runtime.InteropServices.MemoryMarshal.Cast<G2Affine, AffinePoint<Fq2>>(result));

    public static G2Projective operator +(G2Projective a, G2Projective b) => a.Add(b);

    public static G2Projective operator -(G2Projective a) => a.Negate();

    public static bool operator ==(G2Projective a, G2Projective b) => a.Equals(b);

    public static bool operator !=(G2Projective a, G2Projective b) => !a.Equals(b);

    /// <summary>Equality of the represented points (the same point has many Jacobian representations).</summary>
    public readonly bool Equals(G2Projective other) => CurveMath<Fq2>.Equal(AsGeneric(this), AsGeneric(other));

    public override readonly bool Equals(object? obj) => obj is G2Projective other && Equals(other);

    public override readonly int GetHashCode() => ToAffine().GetHashCode();

    public override readonly string ToString() => ToAffine().ToString();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static JacobianPoint<Fq2> AsGeneric(G2Projective p) => Unsafe.BitCast<G2Projective, JacobianPoint<Fq2>>(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static G2Projective FromGeneric(JacobianPoint<Fq2> p) => Unsafe.BitCast<JacobianPoint<Fq2>, G2Projective>(p);
}
