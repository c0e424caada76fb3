using Npgsql;
using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Catalog;
using OnchainMarket.Indexer.Ingest;

namespace OnchainMarket.Indexer.Storage;

/// <summary>
/// The indexer's side of Postgres. Each batch commits in one transaction (<see cref="CommitSession"/>): rollback of
/// reorged blocks, event rows (binary COPY straight into the event tables, after locking the checkpoint the batch
/// follows), derived state for the touched keys, block headers and the checkpoint.
/// </summary>
public sealed class IndexerStore : IAsyncDisposable
{
    private readonly NpgsqlDataSource _database;
    private readonly EventCatalog _catalog;
    private NpgsqlConnection? _connection;

    /// <summary>Creates a store over a migrated database.</summary>
    public IndexerStore(NpgsqlDataSource database, EventCatalog catalog)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
    }

    /// <summary>The event catalog the tables follow.</summary>
    internal EventCatalog Catalog => _catalog;

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

    /// <summary>Opens a batch just after the checkpoint the caller holds; fails when the database's checkpoint is another.</summary>
    public async Task<CommitSession> BeginAsync(long checkpoint, Hash32? checkpointHash, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await CommitSession.BeginAsync(this, connection, checkpoint, checkpointHash, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one batch and moves the checkpoint, all in one transaction; returns the event rows written.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="checkpoint">The checkpoint the batch follows (before its rollback, if any).</param>
    /// <param name="checkpointHash">Its hash; null for an empty index.</param>
    /// <param name="chainId">The chain the batch came from (recorded with the checkpoint).</param>
    /// <param name="forgetBelow">Headers below this block are no longer needed for reorg detection and are deleted.</param>
    /// <param name="cancellationToken">Cancels the transaction.</param>
    public async Task<long> CommitAsync(IngestBatch batch, long checkpoint, Hash32? checkpointHash, long chainId, long forgetBelow,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var session = await BeginAsync(checkpoint, checkpointHash, cancellationToken).ConfigureAwait(false);
        if (batch.RollbackFrom is { } fork)
        {
            await session.RollbackFromAsync(fork, cancellationToken).ConfigureAwait(false);
        }
        await session.AppendAsync(batch.FromBlock, batch.End, batch.Headers, batch.Logs, cancellationToken).ConfigureAwait(false);
        return await session.CommitAsync(chainId, forgetBelow, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rolls the index back to just below <paramref name="fork"/> without writing new blocks (a chain that got shorter).</summary>
    public async Task RollbackToAsync(long fork, long chainId, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await DeleteFromAsync(connection, _catalog, fork, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Deletes the rows of blocks at and above <paramref name="fork"/>, touching their keys first.</summary>
    internal static async Task DeleteFromAsync(NpgsqlConnection connection, EventCatalog catalog, long fork, CancellationToken cancellationToken)
    {
        await using var work = new NpgsqlBatch(connection);
        // Keys in the doomed rows are touched before the rows go, so that their derived state is recomputed
        // from what remains.
        work.BatchCommands.Add(Command("SELECT indexer_touch($1)", fork));
        foreach (var table in catalog.Tables.Select(t => t.TableName).Append(EventCopier.UnknownTable))
        {
            work.BatchCommands.Add(Command($"DELETE FROM {table} WHERE block_number >= $1", fork));
        }
        work.BatchCommands.Add(Command("DELETE FROM indexer_blocks WHERE number >= $1", fork));
        await work.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the test hook of a commit stage, if any.</summary>
    internal Task FaultAsync(CommitStage stage, CancellationToken cancellationToken) =>
        FaultHook is { } hook ? hook(stage, cancellationToken) : Task.CompletedTask;

    internal static NpgsqlBatchCommand Command(string sql, params object[] parameters)
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

    internal async Task DropConnectionAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await DropConnectionAsync().ConfigureAwait(false);
}
