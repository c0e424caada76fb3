using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Catalog;

/// <summary>
/// One column of an event table: where its value sits in the decoded event (a path of field and tuple
/// component indices, so tuples flatten into <c>request_circuit_id</c>-style columns) and how it is stored.
/// </summary>
/// <param name="Name">The column name.</param>
/// <param name="Kind">The Postgres type.</param>
/// <param name="Path">Field index, then tuple component indices.</param>
/// <param name="SolidityType">The ABI type of the value (for indexed reference types, the type whose hash the topic holds).</param>
/// <param name="IsTopicHash">An indexed string, bytes, array or tuple: the column holds the 32-byte topic, not the value.</param>
public sealed record EventColumn(string Name, ColumnKind Kind, IReadOnlyList<int> Path, AbiType SolidityType, bool IsTopicHash)
{
    /// <summary>The column's type as Postgres' <c>format_type</c> spells it.</summary>
    public string SqlType => Kind switch
    {
        ColumnKind.Numeric => "numeric(78,0)",
        ColumnKind.BigInt => "bigint",
        ColumnKind.Boolean => "boolean",
        ColumnKind.Bytea => "bytea",
        ColumnKind.Text => "text",
        ColumnKind.NumericArray => "numeric(78,0)[]",
        ColumnKind.BigIntArray => "bigint[]",
        ColumnKind.BooleanArray => "boolean[]",
        ColumnKind.ByteaArray => "bytea[]",
        ColumnKind.TextArray => "text[]",
        ColumnKind.Jsonb => "jsonb",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "unknown column kind"),
    };
}
