using System.Numerics;
using Npgsql;
using NpgsqlTypes;
using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Catalog;
using OnchainMarket.Indexer.Ingest;

namespace OnchainMarket.Indexer.Storage;

/// <summary>
/// The indexer's side of Postgres. Each batch commits in one transaction: rollback of reorged blocks, event rows
/// (binary COPY into a temporary staging table, then INSERT … ON CONFLICT DO NOTHING, so replaying a range is
/// harmless), derived state for the touched keys, block headers and the checkpoint.
/// </summary>
public sealed class IndexerStore : IAsyncDisposable
{
    private const string UnknownTable = "indexer_unknown_logs";

    private readonly NpgsqlDataSource _database;
    private readonly EventCatalog _catalog;
    private readonly HashSet<string> _stagingTables = new(StringComparer.Ordinal);
    private NpgsqlConnection? _connection;

    /// <summary>Creates a store over a migrated database.</summary>
    public IndexerStore(NpgsqlDataSource database, EventCatalog catalog)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
    }

    /// <summary>Test hook: called at each <see cref="CommitStage"/> inside the transaction; an exception aborts it.</summary>
    internal Func<CommitStage, CancellationToken, Task>? FaultHook { get; set; }

    /// <summary>The checkpoint, or null for an empty index.</summary>
    public async Task<Checkpoint?> LoadCheckpointAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT chain_id, block_number, block_hash FROM indexer_checkpoint", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new Checkpoint(reader.GetInt64(0), reader.GetInt64(1), new Hash32(reader.GetFieldValue<byte[]>(2)))
            : null;
    }

    /// <summary>The hash recorded for a block number, or null when the block is not in the remembered window.</summary>
    public async Task<Hash32?> StoredHashAsync(long number, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT hash FROM indexer_blocks WHERE number = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = number });
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is byte[] bytes ? new Hash32(bytes) : null;
    }

    /// <summary>The remembered block with the highest number at or below <paramref name="number"/>, if any.</summary>
    public async Task<(long Number, Hash32 Hash)?> StoredAtOrBelowAsync(long number, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT number, hash FROM indexer_blocks WHERE number <= $1 ORDER BY number DESC LIMIT 1", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = number });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (reader.GetInt64(0), new Hash32(reader.GetFieldValue<byte[]>(1)))
            : null;
    }

    /// <summary>Writes one batch and moves the checkpoint, all in one transaction; returns the event rows inserted.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="chainId">The chain the batch came from (recorded with the checkpoint).</param>
    /// <param name="forgetBelow">Headers below this block are no longer needed for reorg detection and are deleted.</param>
    /// <param name="cancellationToken">Cancels the transaction.</param>
    public async Task<long> CommitAsync(IngestBatch batch, long chainId, long forgetBelow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // A big backfill batch may legitimately take longer than Npgsql's 30 s default; cancellation still stops it.
            await using (var timeout = new NpgsqlCommand("SET LOCAL statement_timeout = 0", connection, transaction))
            {
                await timeout.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            if (batch.RollbackFrom is { } fork)
            {
                await RollbackAsync(connection, fork, cancellationToken).ConfigureAwait(false);
            }

            long inserted = 0;
            var groups = batch.Logs.GroupBy(l => l.Table?.TableName ?? UnknownTable, StringComparer.Ordinal);
            var copied = new List<string>();
            foreach (var group in groups)
            {
                await CopyToStagingAsync(connection, group.Key, group.ToList(), cancellationToken).ConfigureAwait(false);
                copied.Add(group.Key);
            }
            if (FaultHook is { } hook)
            {
                await hook(CommitStage.AfterCopy, cancellationToken).ConfigureAwait(false);
            }
            foreach (var table in copied)
            {
                await using var insert = new NpgsqlCommand(
                    $"INSERT INTO {table} SELECT * FROM stage_{table} ON CONFLICT (block_number, log_index) DO NOTHING", connection) { CommandTimeout = 0 };
                inserted += await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var work = new NpgsqlBatch(connection) { Timeout = 0 })
            {
                // Derived state: every key that appears in the batch's blocks is recomputed from the event rows.
                work.BatchCommands.Add(Command("SELECT indexer_touch($1)", batch.FromBlock));
                work.BatchCommands.Add(Command("SELECT indexer_refresh()"));
                var headers = batch.Headers.Append(batch.End).DistinctBy(h => h.Number).ToList();
                var upsertBlocks = new NpgsqlBatchCommand("""
                    INSERT INTO indexer_blocks (number, hash, parent_hash, block_time)
                    SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::timestamptz[])
                    ON CONFLICT (number) DO UPDATE SET hash = excluded.hash, parent_hash = excluded.parent_hash, block_time = excluded.block_time
                    """);
                upsertBlocks.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = headers.Select(h => h.Number).ToArray() });
                upsertBlocks.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = headers.Select(h => h.Hash.ToArray()).ToArray() });
                upsertBlocks.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = headers.Select(h => h.ParentHash.ToArray()).ToArray() });
                upsertBlocks.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = headers.Select(h => Time(h.Timestamp)).ToArray() });
                work.BatchCommands.Add(upsertBlocks);
                var checkpoint = new NpgsqlBatchCommand("""
                    INSERT INTO indexer_checkpoint (id, chain_id, block_number, block_hash, updated_at) VALUES (true, $1, $2, $3, now())
                    ON CONFLICT (id) DO UPDATE SET chain_id = excluded.chain_id, block_number = excluded.block_number,
                        block_hash = excluded.block_hash, updated_at = excluded.updated_at
                    """);
                checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = chainId });
                checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = batch.End.Number });
                checkpoint.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = batch.End.Hash.ToArray() });
                work.BatchCommands.Add(checkpoint);
                work.BatchCommands.Add(Command("DELETE FROM indexer_blocks WHERE number < $1 AND number < $2", forgetBelow, batch.End.Number));
                await work.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (FaultHook is { } beforeCommit)
            {
                await beforeCommit(CommitStage.BeforeCommit, cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return inserted;
        }
        catch
        {
            // The connection's session state (temporary tables, an aborted transaction) is suspect: start afresh.
            await DropConnectionAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Rolls the index back to just below <paramref name="fork"/> without writing new blocks (a chain that got shorter).</summary>
    public async Task RollbackToAsync(long fork, long chainId, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await RollbackAsync(connection, fork, cancellationToken).ConfigureAwait(false);
            await using (var work = new NpgsqlBatch(connection))
            {
                work.BatchCommands.Add(Command("SELECT indexer_refresh()"));
                var checkpoint = new NpgsqlBatchCommand("""
                    INSERT INTO indexer_checkpoint (id, chain_id, block_number, block_hash, updated_at)
                    SELECT true, $1, number, hash, now() FROM indexer_blocks WHERE number < $2 ORDER BY number DESC LIMIT 1
                    ON CONFLICT (id) DO UPDATE SET chain_id = excluded.chain_id, block_number = excluded.block_number,
                        block_hash = excluded.block_hash, updated_at = excluded.updated_at
                    """);
                checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = chainId });
                checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fork });
                work.BatchCommands.Add(checkpoint);
                await work.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DropConnectionAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task RollbackAsync(NpgsqlConnection connection, long fork, CancellationToken cancellationToken)
    {
        await using var work = new NpgsqlBatch(connection);
        // Keys in the doomed rows are touched before the rows go, so that their derived state is recomputed
        // from what remains.
        work.BatchCommands.Add(Command("SELECT indexer_touch($1)", fork));
        foreach (var table in _catalog.Tables.Select(t => t.TableName).Append(UnknownTable))
        {
            work.BatchCommands.Add(Command($"DELETE FROM {table} WHERE block_number >= $1", fork));
        }
        work.BatchCommands.Add(Command("DELETE FROM indexer_blocks WHERE number >= $1", fork));
        await work.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CopyToStagingAsync(NpgsqlConnection connection, string table, IReadOnlyList<DecodedLog> logs, CancellationToken cancellationToken)
    {
        if (_stagingTables.Add(table))
        {
            await using var create = new NpgsqlCommand(
                $"CREATE TEMP TABLE IF NOT EXISTS stage_{table} (LIKE {table}) ON COMMIT DELETE ROWS", connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var eventTable = logs[0].Table;
        var columns = eventTable is null
            ? EventTable.PositionColumns.Select(c => c.Name).Concat(["topics", "data"])
            : eventTable.AllColumnNames;
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY stage_{table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var decoded in logs)
        {
            var log = decoded.Log;
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(log.BlockNumber, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(log.LogIndex, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(log.BlockHash.ToArray(), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(Time(decoded.BlockTime), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(log.TransactionHash.ToArray(), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(log.TransactionIndex, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(log.Address.ToArray(), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
            if (eventTable is null)
            {
                await importer.WriteAsync(log.Topics.Select(t => t.ToArray()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(log.Data, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                continue;
            }
            for (var i = 0; i < eventTable.Columns.Count; i++)
            {
                await WriteValueAsync(importer, eventTable.Columns[i].Kind, decoded.Values[i], cancellationToken).ConfigureAwait(false);
            }
        }
        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task WriteValueAsync(NpgsqlBinaryImporter importer, ColumnKind kind, object? value, CancellationToken cancellationToken) => kind switch
    {
        ColumnKind.Numeric => importer.WriteAsync((BigInteger)value!, NpgsqlDbType.Numeric, cancellationToken),
        ColumnKind.BigInt => importer.WriteAsync((long)value!, NpgsqlDbType.Bigint, cancellationToken),
        ColumnKind.Boolean => importer.WriteAsync((bool)value!, NpgsqlDbType.Boolean, cancellationToken),
        ColumnKind.Bytea => importer.WriteAsync((byte[])value!, NpgsqlDbType.Bytea, cancellationToken),
        ColumnKind.Text => importer.WriteAsync((string)value!, NpgsqlDbType.Text, cancellationToken),
        ColumnKind.NumericArray => importer.WriteAsync((BigInteger[])value!, NpgsqlDbType.Array | NpgsqlDbType.Numeric, cancellationToken),
        ColumnKind.BigIntArray => importer.WriteAsync((long[])value!, NpgsqlDbType.Array | NpgsqlDbType.Bigint, cancellationToken),
        ColumnKind.BooleanArray => importer.WriteAsync((bool[])value!, NpgsqlDbType.Array | NpgsqlDbType.Boolean, cancellationToken),
        ColumnKind.ByteaArray => importer.WriteAsync((byte[][])value!, NpgsqlDbType.Array | NpgsqlDbType.Bytea, cancellationToken),
        ColumnKind.TextArray => importer.WriteAsync((string[])value!, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken),
        ColumnKind.Jsonb => importer.WriteAsync((string?)value, NpgsqlDbType.Jsonb, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown column kind"),
    };

    private static DateTime Time(long unixSeconds) => DateTime.UnixEpoch.AddSeconds(unixSeconds);

    private static NpgsqlBatchCommand Command(string sql, params object[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return command;
    }

    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
        {
            return _connection;
        }
        await DropConnectionAsync().ConfigureAwait(false);
        _connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // The indexer's statements are many and small: LLVM-compiling their plans would cost more than running them.
        await using (var settings = new NpgsqlCommand("SET jit = off", _connection))
        {
            await settings.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return _connection;
    }

    private async Task DropConnectionAsync()
    {
        _stagingTables.Clear();
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await DropConnectionAsync().ConfigureAwait(false);
}
