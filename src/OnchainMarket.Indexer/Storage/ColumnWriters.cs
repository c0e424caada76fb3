using System.Numerics;
using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using OnchainMarket.Indexer.Catalog;

namespace OnchainMarket.Indexer.Storage;

/// <summary>
/// The COPY writer plan of each event table: one writer per column, chosen once from the column's kind, so
/// that writing a row does no per-value switch on the type and no unboxing beyond the cell's own reference.
/// </summary>
internal static class ColumnWriters
{
    /// <summary>Writes one cell of one column.</summary>
    public delegate void Writer(NpgsqlBinaryImporter importer, in ColumnCell cell);

    private static readonly ConditionalWeakTable<EventTable, Writer[]> Plans = [];

    /// <summary>The table's writers, in column order (built on first use, then shared).</summary>
    public static Writer[] For(EventTable table) =>
        Plans.GetValue(table, t => t.Columns.Select(c => ForKind(c.Kind)).ToArray());

    private static Writer ForKind(ColumnKind kind) => kind switch
    {
        ColumnKind.Numeric => WriteNumeric,
        ColumnKind.BigInt => static (i, in c) => i.Write(c.Int64, NpgsqlDbType.Bigint),
        ColumnKind.Boolean => static (i, in c) => i.Write(c.Int64 != 0, NpgsqlDbType.Boolean),
        ColumnKind.Bytea => static (i, in c) => i.Write((byte[])c.Reference!, NpgsqlDbType.Bytea),
        ColumnKind.Text => static (i, in c) => i.Write((string)c.Reference!, NpgsqlDbType.Text),
        ColumnKind.NumericArray => static (i, in c) => i.Write((BigInteger[])c.Reference!, NpgsqlDbType.Array | NpgsqlDbType.Numeric),
        ColumnKind.BigIntArray => static (i, in c) => i.Write((long[])c.Reference!, NpgsqlDbType.Array | NpgsqlDbType.Bigint),
        ColumnKind.BooleanArray => static (i, in c) => i.Write((bool[])c.Reference!, NpgsqlDbType.Array | NpgsqlDbType.Boolean),
        ColumnKind.ByteaArray => static (i, in c) => i.Write((byte[][])c.Reference!, NpgsqlDbType.Array | NpgsqlDbType.Bytea),
        ColumnKind.TextArray => static (i, in c) => i.Write((string[])c.Reference!, NpgsqlDbType.Array | NpgsqlDbType.Text),
        ColumnKind.Jsonb => WriteJson,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown column kind"),
    };

    // Most uint256 fields (ids, prices in wei, timestamps) fit a decimal; only wider ones carry a BigInteger.
    private static void WriteNumeric(NpgsqlBinaryImporter importer, in ColumnCell cell)
    {
        if (cell.Reference is BigInteger wide)
        {
            importer.Write(wide, NpgsqlDbType.Numeric);
        }
        else
        {
            importer.Write(cell.Decimal, NpgsqlDbType.Numeric);
        }
    }

    private static void WriteJson(NpgsqlBinaryImporter importer, in ColumnCell cell)
    {
        if (cell.Reference is string json)
        {
            importer.Write(json, NpgsqlDbType.Jsonb);
        }
        else
        {
            importer.WriteNull();
        }
    }
}
