using System.Runtime.CompilerServices;

namespace OnchainMarket.Prover.Bn254;

/// <summary>An element C0 + C1·u of Fq2 = Fq[u]/(u² + 1), the field of the G2 twist.</summary>
public readonly record struct Fq2(Fq C0, Fq C1) : IField<Fq2>
{
    public static Fq2 Zero => default;

    public static Fq2 One => new(Fq.One, Fq.Zero);

    public bool IsZero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => C0.IsZero && C1.IsZero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fq2 operator +(Fq2 a, Fq2 b) => new(a.C0 + b.C0, a.C1 + b.C1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fq2 operator -(Fq2 a, Fq2 b) => new(a.C0 - b.C0, a.C1 - b.C1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fq2 operator -(Fq2 a) => new(-a.C0, -a.C1);

    /// <summary>Karatsuba: three Fq products.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fq2 operator *(Fq2 a, Fq2 b)
    {
        Fq v0 = a.C0 * b.C0;
        Fq v1 = a.C1 * b.C1;
        Fq cross = (a.C0 + a.C1) * (b.C0 + b.C1);
        return new Fq2(v0 - v1, cross - v0 - v1);
    }

    /// <summary>Multiplies by an Fq scalar.</summary>
    public static Fq2 operator *(Fq2 a, Fq b) => new(a.C0 * b, a.C1 * b);

    /// <summary>(c0 + c1)(c0 − c1) + 2c0c1·u: two Fq products.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fq2 Square()
    {
        Fq ab = C0 * C1;
        return new Fq2((C0 + C1) * (C0 - C1), ab.Double());
    }

    /// <summary>The multiplicative inverse: conjugate over the norm c0² + c1².</summary>
    /// <exception cref="DivideByZeroException">The element is zero.</exception>
    public Fq2 Inverse()
    {
        if (IsZero)
        {
            throw new DivideByZeroException("Zero has no inverse in Fq2.");
        }

        Fq normInv = (C0.Square() + C1.Square()).Inverse();
        return new Fq2(C0 * normInv, -(C1 * normInv));
    }

    /// <summary>Inverts every element in place with one inversion; zeros stay zero.</summary>
    public static void BatchInverse(Span<Fq2> values) => BatchInversion.Invert<Fq2>(values);

    public override string ToString() => $"({C0}, {C1})";

    static Fq2 IField<Fq2>.FieldZero => default;

    static Fq2 IField<Fq2>.FieldOne => One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fq2 IField<Fq2>.Add(in Fq2 a, in Fq2 b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fq2 IField<Fq2>.Sub(in Fq2 a, in Fq2 b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fq2 IField<Fq2>.Mul(in Fq2 a, in Fq2 b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fq2 IField<Fq2>.Sqr(in Fq2 a) => a.Square();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fq2 IField<Fq2>.Dbl(in Fq2 a) => new(a.C0.Double(), a.C1.Double());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Fq2 IField<Fq2>.Neg(in Fq2 a) => -a;

    static Fq2 IField<Fq2>.Inv(in Fq2 a) => a.IsZero ? a : a.Inverse();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool IField<Fq2>.Eq(in Fq2 a, in Fq2 b) => a == b;
}
