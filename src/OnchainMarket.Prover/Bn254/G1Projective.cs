using System.Runtime.CompilerServices;

namespace OnchainMarket.Prover.Bn254;

/// <summary>A G1 point in Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is infinity.</summary>
public struct G1Projective : IEquatable<G1Projective>
{
    public Fq X;
    public Fq Y;
    public Fq Z;

    public G1Projective(Fq x, Fq y, Fq z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public static G1Projective Infinity => FromGeneric(CurveMath<Fq>.Infinity);

    public static G1Projective Generator => FromAffine(G1Affine.Generator);

    public readonly bool IsInfinity => Z.IsZero;

    public static G1Projective FromAffine(G1Affine p) => FromGeneric(CurveMath<Fq>.FromAffine(G1Affine.AsGeneric(p)));

    public readonly G1Projective Add(G1Projective other) => FromGeneric(CurveMath<Fq>.Add(AsGeneric(this), AsGeneric(other)));

    public readonly G1Projective AddMixed(G1Affine other) => FromGeneric(CurveMath<Fq>.AddMixed(AsGeneric(this), G1Affine.AsGeneric(other)));

    public readonly G1Projective Double() => FromGeneric(CurveMath<Fq>.Double(AsGeneric(this)));

    public readonly G1Projective Negate() => FromGeneric(CurveMath<Fq>.Negate(AsGeneric(this)));

    public readonly G1Affine ToAffine() => G1Affine.FromGeneric(CurveMath<Fq>.ToAffine(AsGeneric(this)));

    /// <summary>p·scalar by double-and-add (not constant time; for setup and tests, not for MSM).</summary>
    public static G1Projective Multiply(G1Affine p, Fr scalar) => FromGeneric(CurveMath<Fq>.Multiply(G1Affine.AsGeneric(p), scalar));

    /// <summary>p·k for any integer k (for example the group order, in subgroup checks).</summary>
    public readonly G1Projective Multiply(System.Numerics.BigInteger k) => FromGeneric(CurveMath<Fq>.Multiply(AsGeneric(this), k));

    /// <summary>Converts many points to affine with one shared inversion.</summary>
    public static void BatchToAffine(ReadOnlySpan<G1Projective> points, Span<G1Affine> result) =>
        CurveMath<Fq>.BatchToAffine(
            System.Runtime.InteropServices.MemoryMarshal.Cast<G1Projective, JacobianPoint<Fq>>(points),
            System.Runtime.InteropServices.MemoryMarshal.Cast<G1Affine, AffinePoint<Fq>>(result));

    public static G1Projective operator +(G1Projective a, G1Projective b) => a.Add(b);

    public static G1Projective operator -(G1Projective a) => a.Negate();

    public static bool operator ==(G1Projective a, G1Projective b) => a.Equals(b);

    public static bool operator !=(G1Projective a, G1Projective b) => !a.Equals(b);

    /// <summary>Equality of the represented points (the same point has many Jacobian representations).</summary>
    public readonly bool Equals(G1Projective other) => CurveMath<Fq>.Equal(AsGeneric(this), AsGeneric(other));

    public override readonly bool Equals(object? obj) => obj is G1Projective other && Equals(other);

    public override readonly int GetHashCode() => ToAffine().GetHashCode();

    public override readonly string ToString() => ToAffine().ToString();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static JacobianPoint<Fq> AsGeneric(G1Projective p) => Unsafe.BitCast<G1Projective, JacobianPoint<Fq>>(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static G1Projective FromGeneric(JacobianPoint<Fq> p) => Unsafe.BitCast<JacobianPoint<Fq>, G1Projective>(p);
}
