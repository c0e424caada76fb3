namespace OnchainMarket.Prover.Bn254;

/// <summary>
/// Field operations the generic curve and MSM code needs; <see cref="Fq"/> (G1) and <see cref="Fq2"/> (G2)
/// implement it so one JIT-specialised implementation serves both groups.
/// </summary>
internal interface IField<T>
    where T : struct, IField<T>
{
    static abstract T FieldZero { get; }
    static abstract T FieldOne { get; }

    bool IsZero { get; }

    static abstract T Add(in T a, in T b);
    static abstract T Sub(in T a, in T b);
    static abstract T Mul(in T a, in T b);
    static abstract T Sqr(in T a);
    static abstract T Dbl(in T a);
    static abstract T Neg(in T a);
    static abstract T Inv(in T a);
    static abstract bool Eq(in T a, in T b);
}
