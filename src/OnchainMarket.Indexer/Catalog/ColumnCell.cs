using System.Numerics;

namespace OnchainMarket.Indexer.Catalog;

/// <summary>
/// One decoded column value, unboxed for the common kinds: bigint and boolean in <see cref="Int64"/>, numeric
/// that fits a decimal in <see cref="Decimal"/> (Npgsql writes decimals far faster than BigIntegers). Everything
/// else (wider numerics as BigInteger, bytes, strings, arrays, JSON) sits in <see cref="Reference"/>.
/// </summary>
public readonly struct ColumnCell
{
    private static readonly BigInteger DecimalMin = new(decimal.MinValue);
    private static readonly BigInteger DecimalMax = new(decimal.MaxValue);

    private ColumnCell(long int64, decimal @decimal, object? reference)
    {
        Int64 = int64;
        Decimal = @decimal;
        Reference = reference;
    }

    /// <summary>A bigint value, or a boolean as 0/1.</summary>
    public long Int64 { get; }

    /// <summary>A numeric value, when <see cref="Reference"/> is null.</summary>
    public decimal Decimal { get; }

    /// <summary>The value when it is not a bigint, boolean or decimal-sized numeric (may be null for jsonb).</summary>
    public object? Reference { get; }

    /// <summary>A bigint cell.</summary>
    public static ColumnCell FromInt64(long value) => new(value, 0, null);

    /// <summary>A boolean cell.</summary>
    public static ColumnCell FromBoolean(bool value) => new(value ? 1 : 0, 0, null);

    /// <summary>A numeric cell that fits a decimal.</summary>
    public static ColumnCell FromDecimal(decimal value) => new(0, value, null);

    /// <summary>A numeric cell: a decimal when it fits, else the BigInteger itself.</summary>
    public static ColumnCell FromNumeric(BigInteger value) =>
        value >= DecimalMin && value <= DecimalMax ? FromDecimal((decimal)value) : new(0, 0, value);

    /// <summary>A cell holding a reference value (bytes, string, array, JSON text, or null).</summary>
    public static ColumnCell FromReference(object? value) => new(0, 0, value);

    /// <summary>The cell for a value as <see cref="ColumnValues.ToColumn"/> converts it (the general, boxed path).</summary>
    public static ColumnCell FromColumnValue(ColumnKind kind, object? value) => kind switch
    {
        ColumnKind.Numeric => FromNumeric((BigInteger)value!),
        ColumnKind.BigInt => FromInt64((long)value!),
        ColumnKind.Boolean => FromBoolean((bool)value!),
        _ => FromReference(value),
    };

    /// <summary>The value as the boxed form <see cref="ColumnValues.ToColumn"/> gives (tests compare through it).</summary>
    public object? ToObject(ColumnKind kind) => kind switch
    {
        ColumnKind.Numeric => Reference ?? (BigInteger)Decimal,
        ColumnKind.BigInt => Int64,
        ColumnKind.Boolean => Int64 != 0,
        _ => Reference,
    };
}
