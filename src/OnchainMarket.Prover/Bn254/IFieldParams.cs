namespace OnchainMarket.Prover.Bn254;

/// <summary>
/// Compile-time constants of a 254-bit prime field in Montgomery form (R = 2^256). Implemented by
/// empty structs so the JIT specialises <see cref="Montgomery{TP}"/> per field and folds the constants.
/// </summary>
internal interface IFieldParams
{
    static abstract ulong P0 { get; }
    static abstract ulong P1 { get; }
    static abstract ulong P2 { get; }
    static abstract ulong P3 { get; }

    /// <summary>−p⁻¹ mod 2^64.</summary>
    static abstract ulong Inv { get; }

    /// <summary>R mod p, the Montgomery form of one.</summary>
    static abstract U256 R { get; }

    /// <summary>R² mod p, used to convert into Montgomery form.</summary>
    static abstract U256 R2 { get; }
}
