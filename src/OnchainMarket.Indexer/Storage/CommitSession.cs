using System.Diagnostics;
using Npgsql;
using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Ingest;

namespace OnchainMarket.Indexer.Storage;

/// <summary>
/// One database transaction of the indexer, open while ranges are appended to it: each range's rows are copied
/// as it arrives (so no more than one range is held in memory for it), and <see cref="CommitAsync"/> then
/// refreshes the derived state of every key the appended blocks touched — once for the whole batch —, records
/// the headers and moves the checkpoint. A reader sees all of it at once or nothing.
/// </summary>
public sealed class CommitSession : IAsyncDisposable
{
    private readonly IndexerStore _store;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly List<BlockHeader> _headers = [];
    private readonly Stopwatch _age = Stopwatch.StartNew();
    private long? _fromBlock;
    private bool _done;
    private bool _staged;

    private CommitSession(IndexerStore store, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _store = store;
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>The last block appended: the checkpoint once committed.</summary>
    public BlockHeader? End { get; private set; }

    /// <summary>Blocks appended (from the first appended block, or the fork point, to <see cref="End"/>).</summary>
    public long Blocks => End is { } end && _fromBlock is { } from ? end.Number - from + 1 : 0;

    /// <summary>Event rows appended.</summary>
    public long Events { get; private set; }

    /// <summary>How long the transaction has been open.</summary>
    public TimeSpan Age => _age.Elapsed;

    internal static async Task<CommitSession> BeginAsync(IndexerStore store, NpgsqlConnection connection, long checkpoint, Hash32? checkpointHash,
        CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var session = new CommitSession(store, connection, transaction);
        try
        {
            // A big batch may legitimately take longer than Npgsql's 30 s default; cancellation still stops it.
            await using (var timeout = new NpgsqlCommand("SET LOCAL statement_timeout = 0", connection, transaction))
            {
                await timeout.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            // The rows go straight into the event tables, which is safe only while nobody else moves the checkpoint.
            await using var locked = new NpgsqlCommand("SELECT block_number, block_hash FROM indexer_checkpoint FOR UPDATE", connection, transaction);
            await using var reader = await locked.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var found = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var matches = found
                ? checkpointHash is { } hash && reader.GetInt64(0) == checkpoint && new Hash32(reader.GetFieldValue<byte[]>(1)) == hash
                : checkpointHash is null;
            if (!matches)
            {
                throw new InvalidOperationException(
                    $"the checkpoint in the database is not block {checkpoint} any more: another indexer writes to this database; run one indexer per database.");
            }
            await reader.DisposeAsync().ConfigureAwait(false);
            await using var above = new NpgsqlCommand(EventCopier.RowsAboveSql(store.Catalog), connection, transaction);
            above.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checkpoint });
            session._staged = await above.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Deletes the rows of blocks at and above <paramref name="fork"/> (a reorg), first touching their keys.</summary>
    public async Task RollbackFromAsync(long fork, CancellationToken cancellationToken)
    {
        await IndexerStore.DeleteFromAsync(_connection, _store.Catalog, fork, cancellationToken).ConfigureAwait(false);
        _fromBlock ??= fork;
        // Nothing is left above the fork point: the rows can go straight in again.
        _staged = false;
    }

    /// <summary>Copies one range's rows; <paramref name="remember"/> are headers kept for reorg detection besides the end.</summary>
    public async Task AppendAsync(long fromBlock, BlockHeader end, IReadOnlyList<BlockHeader> remember, IReadOnlyList<DecodedLog> logs,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(end);
        ArgumentNullException.ThrowIfNull(logs);
        cancellationToken.ThrowIfCancellationRequested();
        _fromBlock ??= fromBlock;
        if (logs.Count > 0)
        {
            Events += await Task.Run(() => EventCopier.Copy(_connection, logs, _staged), cancellationToken).ConfigureAwait(false);
        }
        _headers.AddRange(remember);
        _headers.Add(end);
        End = end;
    }

    /// <summary>Refreshes the derived state, records headers and the checkpoint, commits; returns the event rows written.</summary>
    /// <param name="chainId">The chain the rows came from (recorded with the checkpoint).</param>
    /// <param name="forgetBelow">Headers below this block are no longer needed for reorg detection and are deleted.</param>
    /// <param name="cancellationToken">Cancels the transaction.</param>
    public async Task<long> CommitAsync(long chainId, long forgetBelow, CancellationToken cancellationToken)
    {
        var end = End ?? throw new InvalidOperationException("nothing was appended to the batch.");
        await _store.FaultAsync(CommitStage.AfterCopy, cancellationToken).ConfigureAwait(false);
        await using (var work = new NpgsqlBatch(_connection, _transaction) { Timeout = 0 })
        {
            // Derived state: every key that appears in the batch's blocks is recomputed from the event rows.
            work.BatchCommands.Add(IndexerStore.Command("SELECT indexer_touch($1)", _fromBlock!.Value));
            work.BatchCommands.Add(IndexerStore.Command("SELECT indexer_refresh()"));
            var headers = _headers.DistinctBy(h => h.Number).ToList();
            var upsertBlocks = new NpgsqlBatchCommand("""
                INSERT INTO indexer_blocks (number, hash, parent_hash, block_time)
                SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::timestamptz[])
                ON CONFLICT (number) DO UPDATE SET hash = excluded.hash, parent_hash = excluded.parent_hash, block_time = excluded.block_time
                """);
            upsertBlocks.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = headers.Select(h => h.Number).ToArray() });
            upsertBlocks.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = headers.Select(h => h.Hash.ToArray()).ToArray() });
            upsertBlocks.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = headers.Select(h => h.ParentHash.ToArray()).ToArray() });
            upsertBlocks.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = headers.Select(h => DateTime.UnixEpoch.AddSeconds(h.Timestamp)).ToArray() });
            work.BatchCommands.Add(upsertBlocks);
            var checkpoint = new NpgsqlBatchCommand("""
                INSERT INTO indexer_checkpoint (id, chain_id, block_number, block_hash, updated_at) VALUES (true, $1, $2, $3, now())
                ON CONFLICT (id) DO UPDATE SET chain_id = excluded.chain_id, block_number = excluded.block_number,
                    block_hash = excluded.block_hash, updated_at = excluded.updated_at
                """);
            checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = chainId });
            checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = end.Number });
            checkpoint.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = end.Hash.ToArray() });
            work.BatchCommands.Add(checkpoint);
            work.BatchCommands.Add(IndexerStore.Command("DELETE FROM indexer_blocks WHERE number < $1 AND number < $2", forgetBelow, end.Number));
            await work.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await _store.FaultAsync(CommitStage.BeforeCommit, cancellationToken).ConfigureAwait(false);
        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _done = true;
        return Events;
    }

    /// <summary>Rolls back unless committed; the connection's session state is then suspect and is dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync().ConfigureAwait(false);
        if (!_done)
        {
            await _store.DropConnectionAsync().ConfigureAwait(false);
        }
    }
}
