using System.Runtime.CompilerServices;

namespace OnchainMarket.Prover.Bn254;

/// <summary>
/// A G2 point in affine coordinates on the twist y² = x³ + 3/(9 + u) over Fq2. (0, 0) is the point at
/// infinity. G2 has a large cofactor: use <see cref="IsInSubgroup"/> for untrusted points.
/// </summary>
public struct G2Affine : IEquatable<G2Affine>
{
    public Fq2 X;
    public Fq2 Y;

    public G2Affine(Fq2 x, Fq2 y)
    {
        X = x;
        Y = y;
    }

    public static G2Affine Infinity => default;

    /// <summary>The standard generator (EIP-197, snarkjs), coordinates as c0 + c1·u.</summary>
    public static G2Affine Generator { get; } = new(
        new Fq2(
            Fq.FromBigInteger(System.Numerics.BigInteger.Parse("10857046999023057135944570762232829481370756359578518086990519993285655852781", System.Globalization.CultureInfo.InvariantCulture)),
            Fq.FromBigInteger(System.Numerics.BigInteger.Parse("11559732032986387107991004021392285783925812861821192530917403151452391805634", System.Globalization.CultureInfo.InvariantCulture))),
        new Fq2(
            Fq.FromBigInteger(System.Numerics.BigInteger.Parse("8495653923123431417604973247489272438418190587263600148770280649306958101930", System.Globalization.CultureInfo.InvariantCulture)),
            Fq.FromBigInteger(System.Numerics.BigInteger.Parse("4082367875863433681332203403145435568316851327593401208105741076214120093531", System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>The twist constant b' = 3/(9 + u).</summary>
    public static Fq2 B { get; } = new Fq2(Fq.FromBigInteger(3), Fq.Zero) * new Fq2(Fq.FromBigInteger(9), Fq.One).Inverse();

    public readonly bool IsInfinity
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => X.IsZero && Y.IsZero;
    }

    public readonly bool IsOnCurve() => CurveMath<Fq2>.IsOnCurve(AsGeneric(this), B);

    /// <summary>On the curve and r·P = O (slow: a full scalar multiplication).</summary>
    public readonly bool IsInSubgroup() =>
        IsOnCurve() && G2Projective.FromAffine(this).Multiply(Fr.Modulus).IsInfinity;

    public readonly G2Affine Negate() => IsInfinity ? this : new G2Affine(X, -Y);

    public readonly bool Equals(G2Affine other) => X == other.X && Y == other.Y;

    public override readonly bool Equals(object? obj) => obj is G2Affine other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(X, Y);

    public static bool operator ==(G2Affine a, G2Affine b) => a.Equals(b);

    public static bool operator !=(G2Affine a, G2Affine b) => !a.Equals(b);

    public override readonly string ToString() => IsInfinity ? "G2(infinity)" : $"G2({X}, {Y})";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static AffinePoint<Fq2> AsGeneric(G2Affine p) => Unsafe.BitCast<G2Affine, AffinePoint<Fq2>>(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static G2Affine FromGeneric(AffinePoint<Fq2> p) => Unsafe.BitCast<AffinePoint<Fq2>, G2Affine>(p);
}
