using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace OnchainMarket.Prover.Bn254;

/// <summary>
/// An element of the BN254 scalar field, stored as four 64-bit limbs in Montgomery form (R = 2^256),
/// the same bytes snarkjs writes into .zkey files.
/// </summary>
public readonly struct Fr : IEquatable<Fr>, IField<Fr>
{
    internal readonly U256 V;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Fr(in U256 montgomery) => V = montgomery;

    public static Fr Zero => default;

    public static Fr One => new(FrParams.R);

    public static BigInteger Modulus { get; } = Montgomery<FrParams>.Modulus.ToBigInteger();

    public bool IsZero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => V.IsZero;
    }

    /// <summary>Reduces any integer (negative ones included) modulo r.</summary>
    public static Fr FromBigInteger(BigInteger value)
    {
        BigInteger reduced = BigInteger.Remainder(value, Modulus);
        if (reduced.Sign < 0)
        {
            reduced += Modulus;
        }

        return new Fr(Montgomery<FrParams>.ToMontgomery(U256.FromBigInteger(reduced)));
    }

    /// <summary>The canonical value in [0, r).</summary>
    public BigInteger ToBigInteger() => Montgomery<FrParams>.FromMontgomery(V).ToBigInteger();

    /// <summary>Reads 32 bytes that already are Montgomery limbs (the .zkey encoding); no conversion.</summary>
    public static Fr FromRawLittleEndian(ReadOnlySpan<byte> bytes32)
    {
        U256 raw = U256.ReadLittleEndian(bytes32);
        if (!Montgomery<FrParams>.IsCanonical(raw))
        {
            throw new ArgumentException("Raw field element is not below the scalar field modulus.", nameof(bytes32));
        }

        return new Fr(raw);
    }

    /// <summary>Writes the 32 Montgomery-form bytes (the .zkey encoding).</summary>
    public void WriteRawLittleEndian(Span<byte> destination) => V.WriteLittleEndian(destination);

    /// <summary>Reads a normal-form 32-byte little-endian value and converts it into Montgomery form.</summary>
    /// <exception cref="ArgumentException">The value is not below the modulus.</exception>
    public static Fr FromCanonicalLittleEndian(ReadOnlySpan<byte> bytes32)
    {
        U256 raw = U256.ReadLittleEndian(bytes32);
        if (!Montgomery<FrParams>.IsCanonical(raw))
        {
            throw new ArgumentException("Field element is not below the scalar field modulus.", nameof(bytes32));
        }

        return new Fr(Montgomery<FrParams>.ToMontgomery(raw));
    }

    /// <summary>Writes the normal-form value as 32 little-endian bytes.</summary>
    public void WriteCanonicalLittleEndian(Span<byte> destination) =>
        Montgomery<FrParams>.FromMontgomery(V).WriteLittleEndian(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fr operator +(Fr a, Fr b) => new(Montgomery<FrParams>.Add(a.V, b.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fr operator -(Fr a, Fr b) => new(Montgomery<FrParams>.Sub(a.V, b.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fr operator -(Fr a) => new(Montgomery<FrParams>.Neg(a.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fr operator *(Fr a, Fr b) => new(Montgomery<FrParams>.Mul(a.V, b.V));

    public static bool operator ==(Fr a, Fr b) => a.V.Equals(b.V);

    public static bool operator !=(Fr a, Fr b) => !a.V.Equals(b.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fr Square() => new(Montgomery<FrParams>.Square(V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fr Double() => new(Montgomery<FrParams>.Double(V));

    /// <summary>The multiplicative inverse; zero has none.</summary>
    /// <exception cref="DivideByZeroException">The element is zero.</exception>
    public Fr Inverse()
    {
        if (IsZero)
        {
            throw new DivideByZeroException("Zero has no inverse in Fr.");
        }

        return new(Montgomery<FrParams>.Inverse(V));
    }

    /// <summary>Raises to any integer power; negative exponents invert first.</summary>
    public Fr Pow(BigInteger exponent)
    {
        if (exponent.Sign < 0)
        {
            return Inverse().Pow(-exponent);
        }

        if (exponent.GetBitLength() > 256)
        {
            exponent %= Modulus - 1;
        }

        return new(Montgomery<FrParams>.Pow(V, U256.FromBigInteger(exponent)));
    }

    /// <summary>Bit length of r.</summary>
    public const int ModulusBits = 254;

    /// <summary>The 2-adicity of r − 1: the largest power-of-two NTT domain.</summary>
    public const int MaxLog2Domain = 28;

    private static readonly Fr[] Roots = BuildRoots();

    /// <summary>
    /// A primitive 2^log2Size-th root of unity, exactly the one snarkjs/ffjavascript uses:
    /// w₂₈ = 5^((r−1)/2^28) and w_{k−1} = w_k². Any other choice of root gives a zkey-incompatible H.
    /// </summary>
    public static Fr RootOfUnity(int log2Size)
    {
        if ((uint)log2Size > MaxLog2Domain)
        {
            throw new ArgumentOutOfRangeException(nameof(log2Size), log2Size, $"BN254 Fr has 2-adicity {MaxLog2Domain}; the domain size 2^{log2Size} is not supported.");
        }

        return Roots[log2Size];
    }

    private static Fr[] BuildRoots()
    {
        var roots = new Fr[MaxLog2Domain + 1];
        BigInteger r = Montgomery<FrParams>.Modulus.ToBigInteger();
        BigInteger t = (r - 1) >> MaxLog2Domain;
        Fr five = new(Montgomery<FrParams>.ToMontgomery(new U256(5, 0, 0, 0)));
        roots[MaxLog2Domain] = new Fr(Montgomery<FrParams>.Pow(five.V, U256.FromBigInteger(t)));
        for (int k = MaxLog2Domain; k > 0; k--)
        {
            roots[k - 1] = roots[k].Square();
        }

        return roots;
    }

    /// <summary>A uniformly random element from the OS CSPRNG.</summary>
    public static Fr Random()
    {
        Span<byte> bytes = stackalloc byte[32];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            bytes[31] &= 0x3f;
            U256 raw = U256.ReadLittleEndian(bytes);
            if (Montgomery<FrParams>.IsCanonical(raw))
            {
                return new Fr(raw);
            }
        }
    }

    /// <summary>Inverts every element in place with one field inversion (Montgomery's trick); zeros stay zero.</summary>
    public static void BatchInverse(Span<Fr> values) => BatchInversion.Invert<Fr>(values);

    public bool Equals(Fr other) => V.Equals(other.V);

    public override bool Equals(object? obj) => obj is Fr other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(V.L0, V.L1, V.L2, V.L3);

    /// <summary>The canonical value in decimal.</summary>
    public override string ToString() => ToBigInteger().ToString(System.Globalization.CultureInfo.InvariantCulture);

    static Fr IField<Fr>.FieldZero => default;

    static Fr IField<Fr>.FieldOne => One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fr IField<Fr>.Add(in Fr a, in Fr b) => new(Montgomery<FrParams>.Add(a.V, b.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fr IField<Fr>.Sub(in Fr a, in Fr b) => new(Montgomery<FrParams>.Sub(a.V, b.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fr IField<Fr>.Mul(in Fr a, in Fr b) => new(Montgomery<FrParams>.Mul(a.V, b.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fr IField<Fr>.Sqr(in Fr a) => new(Montgomery<FrParams>.Square(a.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fr IField<Fr>.Dbl(in Fr a) => new(Montgomery<FrParams>.Double(a.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fr IField<Fr>.Neg(in Fr a) => new(Montgomery<FrParams>.Neg(a.V));

    static Fr IField<Fr>.Inv(in Fr a) => new(Montgomery<FrParams>.Inverse(a.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool IField<Fr>.Eq(in Fr a, in Fr b) => a.V.Equals(b.V);
}
