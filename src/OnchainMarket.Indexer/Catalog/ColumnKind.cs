namespace OnchainMarket.Indexer.Catalog;

/// <summary>The Postgres type an event field is stored as.</summary>
public enum ColumnKind
{
    /// <summary><c>numeric(78,0)</c>: integers wider than 64 bits (uint256 and friends).</summary>
    Numeric,
    /// <summary><c>bigint</c>: integers that fit in 64 signed bits (uint8..uint32, int8..int64).</summary>
    BigInt,
    /// <summary><c>boolean</c>.</summary>
    Boolean,
    /// <summary><c>bytea</c>: addresses, hashes, bytesN, bytes, and indexed reference values (their topic hash).</summary>
    Bytea,
    /// <summary><c>text</c>: strings.</summary>
    Text,
    /// <summary><c>numeric(78,0)[]</c>.</summary>
    NumericArray,
    /// <summary><c>bigint[]</c>.</summary>
    BigIntArray,
    /// <summary><c>boolean[]</c>.</summary>
    BooleanArray,
    /// <summary><c>bytea[]</c>.</summary>
    ByteaArray,
    /// <summary><c>text[]</c>.</summary>
    TextArray,
    /// <summary><c>jsonb</c>: anything nested deeper (arrays of tuples, arrays of arrays).</summary>
    Jsonb,
}
