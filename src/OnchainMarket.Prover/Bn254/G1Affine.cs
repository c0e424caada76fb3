using System.Runtime.CompilerServices;

namespace OnchainMarket.Prover.Bn254;

/// <summary>
/// A G1 point in affine coordinates on y² = x³ + 3 over Fq. (0, 0) — all-zero bytes in a .zkey — is the
/// point at infinity, so <c>default</c> is infinity and <see cref="IsInfinity"/> needs no extra field.
/// </summary>
public struct G1Affine : IEquatable<G1Affine>
{
    public Fq X;
    public Fq Y;

    public G1Affine(Fq x, Fq y)
    {
        X = x;
        Y = y;
    }

    public static G1Affine Infinity => default;

    public static G1Affine Generator => new(Fq.One, Fq.One.Double());

    /// <summary>The curve constant b = 3.</summary>
    public static Fq B { get; } = Fq.FromBigInteger(3);

    public readonly bool IsInfinity
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => X.IsZero && Y.IsZero;
    }

    /// <summary>True for infinity and for points satisfying y² = x³ + 3 (G1 has cofactor 1, so this is also subgroup membership).</summary>
    public readonly bool IsOnCurve() => CurveMath<Fq>.IsOnCurve(AsGeneric(this), B);

    public readonly G1Affine Negate() => IsInfinity ? this : new G1Affine(X, -Y);

    public readonly bool Equals(G1Affine other) => X == other.X && Y == other.Y;

    public override readonly bool Equals(object? obj) => obj is G1Affine other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(X, Y);

    public static bool operator ==(G1Affine a, G1Affine b) => a.Equals(b);

    public static bool operator !=(G1Affine a, G1Affine b) => !a.Equals(b);

    public override readonly string ToString() => IsInfinity ? "G1(infinity)" : $"G1({X}, {Y})";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static AffinePoint<Fq> AsGeneric(G1Affine p) => Unsafe.BitCast<G1Affine, AffinePoint<Fq>>(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static G1Affine FromGeneric(AffinePoint<Fq> p) => Unsafe.BitCast<AffinePoint<Fq>, G1Affine>(p);
}
