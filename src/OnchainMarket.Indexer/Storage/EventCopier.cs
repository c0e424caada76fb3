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
                var writers = group.Key is { } eventTable ? ColumnWriters.For(eventTable) : [];
                foreach (var decoded in group)
                {
                    WriteRow(importer, decoded, writers);
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

    private static void WriteRow(NpgsqlBinaryImporter importer, DecodedLog decoded, ColumnWriters.Writer[] writers)
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
        if (decoded.Table is null)
        {
            importer.Write(log.Topics.Select(t => t.ToArray()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bytea);
            importer.Write(log.Data, NpgsqlDbType.Bytea);
            return;
        }
        for (var i = 0; i < writers.Length; i++)
        {
            writers[i](importer, in decoded.Values[i]);
        }
    }
}
