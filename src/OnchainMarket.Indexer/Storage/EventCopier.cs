using System.Numerics;
using Npgsql;
using NpgsqlTypes;
using OnchainMarket.Indexer.Catalog;
using OnchainMarket.Indexer.Ingest;

namespace OnchainMarket.Indexer.Storage;

/// <summary>
/// Writes decoded logs with binary COPY into their event tables (unknown logs into <c>indexer_unknown_logs</c>).
/// Normally straight in: no row above the checkpoint exists (every batch starts just after the checkpoint it
/// locked, or deletes from its fork point first). When rows above it do exist (a checkpoint deleted by hand, a
/// range indexed again), through a temporary staging table and <c>INSERT … ON CONFLICT DO NOTHING</c>, so that
/// a replay adds nothing twice. The rows are written with Npgsql's synchronous importer calls: per value, an awaited call costs more than the
/// value itself, and the caller's transaction owns the connection meanwhile.
/// </summary>
internal static class EventCopier
{
    public const string UnknownTable = "indexer_unknown_logs";

    private static readonly BigInteger DecimalMin = new(decimal.MinValue);
    private static readonly BigInteger DecimalMax = new(decimal.MaxValue);

    private static readonly string UnknownColumns = string.Join(", ", EventTable.PositionColumns.Select(c => c.Name).Concat(["topics", "data"]));

    /// <summary>Copies the logs, one COPY per table; returns the rows added (fewer than the logs only when staged).</summary>
    public static long Copy(NpgsqlConnection connection, IReadOnlyList<DecodedLog> logs, bool staged)
    {
        long added = 0;
        foreach (var group in logs.GroupBy(l => l.Table))
        {
            var table = group.Key?.TableName ?? UnknownTable;
            var columns = group.Key is { } known ? string.Join(", ", known.AllColumnNames) : UnknownColumns;
            var target = staged ? $"stage_{table}" : table;
            if (staged)
            {
                Execute(connection, $"CREATE TEMP TABLE IF NOT EXISTS {target} (LIKE {table}) ON COMMIT DELETE ROWS");
            }
            using (var importer = connection.BeginBinaryImport($"COPY {target} ({columns}) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var decoded in group)
                {
                    WriteRow(importer, decoded);
                }
                added += (long)importer.Complete();
            }
            if (staged)
            {
                added -= group.Count();
                added += Execute(connection,
                    $"WITH moved AS (DELETE FROM {target} RETURNING *) INSERT INTO {table} SELECT * FROM moved ON CONFLICT (block_number, log_index) DO NOTHING");
            }
        }
        return added;
    }

    /// <summary>One statement over every event table: does any row lie above <paramref name="checkpoint"/>?</summary>
    public static string RowsAboveSql(EventCatalog catalog) =>
        "SELECT " + string.Join(" OR ", catalog.Tables.Select(t => t.TableName).Append(UnknownTable)
            .Select(t => $"EXISTS (SELECT 1 FROM {t} WHERE block_number > $1)"));

    private static int Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return command.ExecuteNonQuery();
    }

    private static void WriteRow(NpgsqlBinaryImporter importer, DecodedLog decoded)
    {
        var log = decoded.Log;
        importer.StartRow();
        importer.Write(log.BlockNumber, NpgsqlDbType.Bigint);
        importer.Write(log.LogIndex, NpgsqlDbType.Integer);
        importer.Write(log.BlockHash.ToArray(), NpgsqlDbType.Bytea);
        importer.Write(DateTime.UnixEpoch.AddSeconds(decoded.BlockTime), NpgsqlDbType.TimestampTz);
        importer.Write(log.TransactionHash.ToArray(), NpgsqlDbType.Bytea);
        importer.Write(log.TransactionIndex, NpgsqlDbType.Integer);
        importer.Write(log.Address.ToArray(), NpgsqlDbType.Bytea);
        if (decoded.Table is not { } table)
        {
            importer.Write(log.Topics.Select(t => t.ToArray()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bytea);
            importer.Write(log.Data, NpgsqlDbType.Bytea);
            return;
        }
        for (var i = 0; i < table.Columns.Count; i++)
        {
            WriteValue(importer, table.Columns[i].Kind, decoded.Values[i]);
        }
    }

    private static void WriteValue(NpgsqlBinaryImporter importer, ColumnKind kind, object? value)
    {
        switch (kind)
        {
            case ColumnKind.Numeric:
                // Most uint256 fields (ids, prices in wei, timestamps) fit a decimal, which Npgsql writes far faster.
                var number = (BigInteger)value!;
                if (number >= DecimalMin && number <= DecimalMax)
                {
                    importer.Write((decimal)number, NpgsqlDbType.Numeric);
                }
                else
                {
                    importer.Write(number, NpgsqlDbType.Numeric);
                }
                break;
            case ColumnKind.BigInt:
                importer.Write((long)value!, NpgsqlDbType.Bigint);
                break;
            case ColumnKind.Boolean:
                importer.Write((bool)value!, NpgsqlDbType.Boolean);
                break;
            case ColumnKind.Bytea:
                importer.Write((byte[])value!, NpgsqlDbType.Bytea);
                break;
            case ColumnKind.Text:
                importer.Write((string)value!, NpgsqlDbType.Text);
                break;
            case ColumnKind.NumericArray:
                importer.Write((BigInteger[])value!, NpgsqlDbType.Array | NpgsqlDbType.Numeric);
                break;
            case ColumnKind.BigIntArray:
                importer.Write((long[])value!, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
                break;
            case ColumnKind.BooleanArray:
                importer.Write((bool[])value!, NpgsqlDbType.Array | NpgsqlDbType.Boolean);
                break;
            case ColumnKind.ByteaArray:
                importer.Write((byte[][])value!, NpgsqlDbType.Array | NpgsqlDbType.Bytea);
                break;
            case ColumnKind.TextArray:
                importer.Write((string[])value!, NpgsqlDbType.Array | NpgsqlDbType.Text);
                break;
            case ColumnKind.Jsonb:
                if (value is null)
                {
                    importer.WriteNull();
                }
                else
                {
                    importer.Write((string)value, NpgsqlDbType.Jsonb);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown column kind");
        }
    }
}
