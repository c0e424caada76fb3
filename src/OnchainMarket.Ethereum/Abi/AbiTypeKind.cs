namespace OnchainMarket.Ethereum;

/// <summary>The shape of an ABI type.</summary>
public enum AbiTypeKind
{
    /// <summary><c>uintN</c>.</summary>
    UInt,
    /// <summary><c>intN</c>.</summary>
    Int,
    /// <summary><c>address</c>.</summary>
    Address,
    /// <summary><c>bool</c>.</summary>
    Bool,
    /// <summary><c>bytesN</c> (1 to 32).</summary>
    FixedBytes,
    /// <summary><c>bytes</c>.</summary>
    Bytes,
    /// <summary><c>string</c>.</summary>
    String,
    /// <summary><c>T[]</c>.</summary>
    Array,
    /// <summary><c>T[k]</c>.</summary>
    FixedArray,
    /// <summary><c>(T1,T2,...)</c>.</summary>
    Tuple,
}
