using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace OnchainMarket.Prover.Bn254;

/// <summary>
/// An element of the BN254 base field, stored as four 64-bit limbs in Montgomery form (R = 2^256),
/// the same bytes snarkjs writes into .zkey files.
/// </summary>
public readonly struct Fq : IEquatable<Fq>, IField<Fq>
{
    internal readonly U256 V;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Fq(in U256 montgomery) => V = montgomery;

    public static Fq Zero => default;

    public static Fq One => new(FqParams.R);

    public static BigInteger Modulus { get; } = Montgomery<FqParams>.Modulus.ToBigInteger();

    public bool IsZero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => V.IsZero;
    }

    /// <summary>Reduces any integer (negative ones included) modulo q.</summary>
    public static Fq FromBigInteger(BigInteger value)
    {
        BigInteger reduced = BigInteger.Remainder(value, Modulus);
        if (reduced.Sign < 0)
        {
            reduced += Modulus;
        }

        return new Fq(Montgomery<FqParams>.ToMontgomery(U256.FromBigInteger(reduced)));
    }

    /// <summary>The canonical value in [0, q).</summary>
    public BigInteger ToBigInteger() => Montgomery<FqParams>.FromMontgomery(V).ToBigInteger();

    /// <summary>Reads 32 bytes that already are Montgomery limbs (the .zkey encoding); no conversion.</summary>
    public static Fq FromRawLittleEndian(ReadOnlySpan<byte> bytes32)
    {
        U256 raw = U256.ReadLittleEndian(bytes32);
        if (!Montgomery<FqParams>.IsCanonical(raw))
        {
            throw new ArgumentException("Raw field element is not below the base field modulus.", nameof(bytes32));
        }

        return new Fq(raw);
    }

    /// <summary>Writes the 32 Montgomery-form bytes (the .zkey encoding).</summary>
    public void WriteRawLittleEndian(Span<byte> destination) => V.WriteLittleEndian(destination);

    /// <summary>Reads a normal-form 32-byte little-endian value and converts it into Montgomery form.</summary>
    /// <exception cref="ArgumentException">The value is not below the modulus.</exception>
    public static Fq FromCanonicalLittleEndian(ReadOnlySpan<byte> bytes32)
    {
        U256 raw = U256.ReadLittleEndian(bytes32);
        if (!Montgomery<FqParams>.IsCanonical(raw))
        {
            throw new ArgumentException("Field element is not below the base field modulus.", nameof(bytes32));
        }

        return new Fq(Montgomery<FqParams>.ToMontgomery(raw));
    }

    /// <summary>Writes the normal-form value as 32 little-endian bytes.</summary>
    public void WriteCanonicalLittleEndian(Span<byte> destination) =>
        Montgomery<FqParams>.FromMontgomery(V).WriteLittleEndian(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fq operator +(Fq a, Fq b) => new(Montgomery<FqParams>.Add(a.V, b.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fq operator -(Fq a, Fq b) => new(Montgomery<FqParams>.Sub(a.V, b.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fq operator -(Fq a) => new(Montgomery<FqParams>.Neg(a.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fq operator *(Fq a, Fq b) => new(Montgomery<FqParams>.Mul(a.V, b.V));

    public static bool operator ==(Fq a, Fq b) => a.V.Equals(b.V);

    public static bool operator !=(Fq a, Fq b) => !a.V.Equals(b.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fq Square() => new(Montgomery<FqParams>.Square(V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fq Double() => new(Montgomery<FqParams>.Double(V));

    /// <summary>The multiplicative inverse; zero has none.</summary>
    /// <exception cref="DivideByZeroException">The element is zero.</exception>
    public Fq Inverse()
    {
        if (IsZero)
        {
            throw new DivideByZeroException("Zero has no inverse in Fq.");
        }

        return new(Montgomery<FqParams>.Inverse(V));
    }

    /// <summary>Raises to any integer power; negative exponents invert first.</summary>
    public Fq Pow(BigInteger exponent)
    {
        if (exponent.Sign < 0)
        {
            return Inverse().Pow(-exponent);
        }

        if (exponent.GetBitLength() > 256)
        {
            exponent %= Modulus - 1;
        }

        return new(Montgomery<FqParams>.Pow(V, U256.FromBigInteger(exponent)));
    }

    /// <summary>A square root (q ≡ 3 mod 4, so a^((q+1)/4)), or null when the element is not a square.</summary>
    public Fq? Sqrt()
    {
        Fq candidate = Pow((Modulus + 1) / 4);
        return candidate.Square() == this ? candidate : null;
    }

    /// <summary>A uniformly random element from the OS CSPRNG.</summary>
    public static Fq Random()
    {
        Span<byte> bytes = stackalloc byte[32];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            bytes[31] &= 0x3f;
            U256 raw = U256.ReadLittleEndian(bytes);
            if (Montgomery<FqParams>.IsCanonical(raw))
            {
                return new Fq(raw);
            }
        }
    }

    /// <summary>Inverts every element in place with one field inversion (Montgomery's trick); zeros stay zero.</summary>
    public static void BatchInverse(Span<Fq> values) => BatchInversion.Invert<Fq>(values);

    public bool Equals(Fq other) => V.Equals(other.V);

    public override bool Equals(object? obj) => obj is Fq other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(V.L0, V.L1, V.L2, V.L3);

    /// <summary>The canonical value in decimal.</summary>
    public override string ToString() => ToBigInteger().ToString(System.Globalization.CultureInfo.InvariantCulture);

    static Fq IField<Fq>.FieldZero => default;

    static Fq IField<Fq>.FieldOne => One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fq IField<Fq>.Add(in Fq a, in Fq b) => new(Montgomery<FqParams>.Add(a.V, b.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fq IField<Fq>.Sub(in Fq a, in Fq b) => new(Montgomery<FqParams>.Sub(a.V, b.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fq IField<Fq>.Mul(in Fq a, in Fq b) => new(Montgomery<FqParams>.Mul(a.V, b.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fq IField<Fq>.Sqr(in Fq a) => new(Montgomery<FqParams>.Square(a.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fq IField<Fq>.Dbl(in Fq a) => new(Montgomery<FqParams>.Double(a.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fq IField<Fq>.Neg(in Fq a) => new(Montgomery<FqParams>.Neg(a.V));

    static Fq IField<Fq>.Inv(in Fq a) => new(Montgomery<FqParams>.Inverse(a.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool IField<Fq>.Eq(in Fq a, in Fq b) => a.V.Equals(b.V);
}
