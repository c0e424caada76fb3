using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Npgsql;
using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Catalog;
using OnchainMarket.Indexer.Ingest.Backfill;
using OnchainMarket.Indexer.Ingest.Rpc;
using OnchainMarket.Indexer.Storage;

namespace OnchainMarket.Indexer.Ingest;

/// <summary>
/// Mirrors the catalogued events of a chain into Postgres. Backfills up to the finalized block with adaptive
/// eth_getLogs ranges, then follows the head checking every header's parent hash; a reorg rolls back the rows
/// and derived state at and above the fork point and re-ingests the new blocks in the same transaction.
/// RPC failures are retried with backoff forever (the indexer logs what it waits for); it stops only when
/// cancelled or on a failure no retry can fix (a database from another chain, a broken schema).
/// </summary>
public sealed class ChainIndexer : IAsyncDisposable
{
    private static readonly CompositeFormat WaitingFormat = CompositeFormat.Parse("waiting for {0}: {1}; retrying in {2:0.0} s");

    private readonly JsonRpcClient _rpc;
    private readonly ChainReader _reader;
    private readonly RangeFetcher _fetcher;
    private readonly StageTimes _times = new();
    private readonly IndexerOptions _options;
    private readonly LogDecoder _decoder;
    private readonly Action<string> _log;
    private readonly Stopwatch _clock = new();
    private long _chainId;
    private long _checkpoint = -1;
    private Hash32? _checkpointHash;
    private long _head;
    private long _target;
    private long _blocks;
    private long _events;
    private int _reorgs;
    private bool _started;

    /// <summary>Creates an indexer; <paramref name="log"/> receives one line per notable thing (waits, reorgs, range changes).</summary>
    public ChainIndexer(JsonRpcClient rpc, NpgsqlDataSource database, EventCatalog catalog, IndexerOptions options, Action<string>? log = null)
    {
        _rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(catalog);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.FromBlock < 0 || options.Confirmations < 0)
        {
            throw new ArgumentException("from-block and confirmations must not be negative.", nameof(options));
        }
        _decoder = new LogDecoder(catalog, options.Contracts);
        _log = log ?? (_ => { });
        _reader = new ChainReader(rpc, options, _log);
        _fetcher = new RangeFetcher(_reader, _decoder, options, _log, _times);
        Store = new IndexerStore(database, catalog);
    }

    /// <summary>Receives a snapshot after every commit.</summary>
    public IProgress<IndexerProgress>? Progress { get; init; }

    /// <summary>The largest eth_getLogs answer the backfill read in full, in logs and bytes (the memory test checks its cap).</summary>
    internal (int Logs, long Bytes) LargestAnswer => (_fetcher.LargestAnswerLogs, _fetcher.LargestAnswerBytes);

    /// <summary>The Postgres side (exposed to tests for fault injection).</summary>
    internal IndexerStore Store { get; }

    /// <summary>The current snapshot.</summary>
    public IndexerProgress Snapshot => new(_checkpoint, _head, _target, _blocks, _events, _clock.Elapsed, _reorgs, _reader.Errors);

    /// <summary>Indexes until cancelled, following the head.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            if (await GuardedStepAsync(cancellationToken).ConfigureAwait(false))
            {
                await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Indexes until the checkpoint reaches the head minus the confirmations, then returns.</summary>
    public async Task<IndexerProgress> CatchUpAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        while (!await GuardedStepAsync(cancellationToken).ConfigureAwait(false))
        {
        }
        return Snapshot;
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_started)
        {
            return;
        }
        _clock.Start();
        _chainId = await _reader.RetryAsync("eth_chainId", _rpc.GetChainIdAsync, cancellationToken).ConfigureAwait(false);
        var checkpoint = await RetryDatabaseAsync(Store.LoadCheckpointAsync, cancellationToken).ConfigureAwait(false);
        if (checkpoint is { } saved)
        {
            if (saved.ChainId != _chainId)
            {
                throw new InvalidOperationException(
                    $"the database indexes chain {saved.ChainId} but the node serves chain {_chainId}; use another database.");
            }
            _checkpoint = saved.Number;
            _checkpointHash = saved.Hash;
            _log($"resuming after block {saved.Number} ({saved.Hash})");
        }
        else
        {
            _checkpoint = _options.FromBlock - 1;
            _checkpointHash = null;
            _log($"empty index: starting at block {_options.FromBlock}");
        }
        _started = true;
    }

    /// <summary>One step; true when caught up. Transient database failures are waited out here.</summary>
    private async Task<bool> GuardedStepAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await StepAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            _log($"waiting for Postgres: {e.Message}; retrying in {_options.MaxRetryDelay.TotalSeconds:0} s");
            await Task.Delay(_options.MaxRetryDelay, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    private async Task<bool> StepAsync(CancellationToken cancellationToken)
    {
        var head = await _reader.RetryAsync("eth_blockNumber", _rpc.GetBlockNumberAsync, cancellationToken).ConfigureAwait(false);
        _head = head;
        var target = head - _options.Confirmations;
        _target = target;
        if (_checkpoint >= target)
        {
            return await CheckTipAsync(head, cancellationToken).ConfigureAwait(false);
        }

        var finalized = await FinalizedAsync(head, cancellationToken).ConfigureAwait(false);
        // Far behind, the pipeline runs up to the target itself (reading, linking and remembering every header above
        // the finalized block); near the head, one follow step at a time.
        var backfillUpTo = target - _checkpoint > _options.FollowBatchBlocks ? target : Math.Min(finalized, target);
        if (_checkpoint < backfillUpTo)
        {
            await BackfillAsync(_checkpoint + 1, backfillUpTo, finalized, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var from = _checkpoint + 1;
            await FollowStepAsync(from, Math.Min(from + _options.FollowBatchBlocks - 1, target), null, finalized, cancellationToken)
                .ConfigureAwait(false);
        }
        return false;
    }

    /// <summary>Caught up: checks that the indexed tip is still canonical (or that the node is merely behind).</summary>
    private async Task<bool> CheckTipAsync(long head, CancellationToken cancellationToken)
    {
        if (_checkpointHash is not { } tipHash)
        {
            return true;
        }
        var probe = Math.Min(_checkpoint, head);
        var stored = probe == _checkpoint
            ? tipHash
            : await RetryDatabaseAsync(ct => Store.StoredHashAsync(probe, ct), cancellationToken).ConfigureAwait(false);
        if (stored is { } expected)
        {
            var header = await _reader.HeaderAsync(probe, cancellationToken).ConfigureAwait(false);
            if (header is not null && header.Hash != expected)
            {
                await HandleReorgAsync(head, cancellationToken).ConfigureAwait(false);
                return false;
            }
        }
        if (_checkpoint > head)
        {
            _log($"the node's head {head} is behind the indexed block {_checkpoint}: waiting for it to catch up");
        }
        return true;
    }

    private async Task<long> FinalizedAsync(long head, CancellationToken cancellationToken)
    {
        // A node without the finalized tag (an error answer, or null): treat 64 blocks (two epochs) as final.
        var fallback = Math.Max(-1, head - 64);
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                var header = await _rpc.GetBlockByNumberAsync(BlockTag.Finalized, cancellationToken).ConfigureAwait(false);
                return header is null ? fallback : Math.Min(header.Number, head);
            }
            catch (RpcException)
            {
                return fallback;
            }
            catch (RpcClientException e) when (!cancellationToken.IsCancellationRequested)
            {
                _reader.CountError();
                _log(string.Format(CultureInfo.InvariantCulture, WaitingFormat, "the finalized block", e.Message, delay.TotalSeconds));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>
    /// Backfills <paramref name="from"/>..<paramref name="upTo"/> as a pipeline: <see cref="RangeFetcher"/> reads and
    /// decodes ranges ahead while this method writes them, several ranges per transaction (see
    /// <see cref="IndexerOptions.CommitBatchEvents"/>). Returns when the range is done, the node lacks a block, or the
    /// chain no longer extends the checkpoint (after handling the reorg).
    /// </summary>
    private async Task BackfillAsync(long from, long upTo, long finalized, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<FetchedRange>(new BoundedChannelOptions(Math.Max(1, _options.PrefetchRanges))
        {
            SingleReader = true,
            SingleWriter = true,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var fetching = Task.Run(() => _fetcher.RunAsync(from, upTo, finalized, channel.Writer, stop.Token), CancellationToken.None);
        try
        {
            await WriteRangesAsync(channel.Reader, finalized, cancellationToken).ConfigureAwait(false);
            if (_checkpoint >= upTo)
            {
                _log($"backfilled to block {upTo}; {_times}; largest answer {_fetcher.LargestAnswerLogs} logs, {_fetcher.LargestAnswerBytes / 1024} KiB");
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await fetching.ConfigureAwait(false);
        }
    }

    private async Task WriteRangesAsync(ChannelReader<FetchedRange> ranges, long finalized, CancellationToken cancellationToken)
    {
        CommitSession? batch = null;
        try
        {
            while (true)
            {
                var waiting = StageTimes.Now;
                var more = await ranges.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
                _times.WaitForRange(waiting);
                if (!more || !ranges.TryRead(out var range))
                {
                    break;
                }
                if ((batch?.End?.Hash ?? _checkpointHash) is { } parent && range.FirstParent != parent)
                {
                    // The chain changed under the backfill: keep what was consistent, then find the fork point.
                    if (batch is not null)
                    {
                        await CommitAsync(batch, finalized, cancellationToken).ConfigureAwait(false);
                        await batch.DisposeAsync().ConfigureAwait(false);
                        batch = null;
                    }
                    await HandleReorgAsync(_head, cancellationToken).ConfigureAwait(false);
                    return;
                }
                batch ??= await Store.BeginAsync(_checkpoint, _checkpointHash, cancellationToken).ConfigureAwait(false);
                var copying = StageTimes.Now;
                await batch.AppendAsync(range.FromBlock, range.End, range.Remember, range.Logs, cancellationToken).ConfigureAwait(false);
                _times.Copy(copying);
                if (batch.Events >= _options.CommitBatchEvents || batch.Age >= _options.CommitInterval || !ranges.TryPeek(out _))
                {
                    var committing = StageTimes.Now;
                    await CommitAsync(batch, finalized, cancellationToken).ConfigureAwait(false);
                    _times.Commit(committing);
                    await batch.DisposeAsync().ConfigureAwait(false);
                    batch = null;
                }
            }
        }
        finally
        {
            if (batch is not null)
            {
                await batch.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task FollowStepAsync(long from, long to, long? rollbackFrom, long finalized, CancellationToken cancellationToken)
    {
        var numbers = Enumerable.Range(0, (int)(to - from + 1)).Select(i => from + i);
        var fetched = await _reader.HeadersAsync(numbers, cancellationToken).ConfigureAwait(false);
        var headers = new List<BlockHeader>();
        for (var n = from; n <= to && fetched[n] is { } header; n++)
        {
            headers.Add(header);
        }
        if (headers.Count == 0)
        {
            _log($"block {from} is not available from the node yet: waiting");
            await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
            return;
        }

        var expectedParent = rollbackFrom is null
            ? _checkpointHash
            : await RetryDatabaseAsync(ct => Store.StoredHashAsync(from - 1, ct), cancellationToken).ConfigureAwait(false);
        if (expectedParent is { } parent && headers[0].ParentHash != parent)
        {
            if (rollbackFrom is null)
            {
                await HandleReorgAsync(_head, cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        for (var i = 1; i < headers.Count; i++)
        {
            if (headers[i].ParentHash != headers[i - 1].Hash)
            {
                _log($"block {headers[i].Number} does not extend block {headers[i - 1].Number} (the chain is changing): reading again");
                return;
            }
        }

        var logs = await _reader.RetryAsync($"logs of blocks {from}..{headers[^1].Number}", async ct =>
        {
            while (true)
            {
                var last = headers[^1];
                var query = headers.Count == 1
                    ? _decoder.BaseQuery with { BlockHash = last.Hash }
                    : _decoder.BaseQuery with { FromBlock = from, ToBlock = last.Number };
                try
                {
                    return (await _reader.Logs.GetLogsAsync(query, LogLimits.None, ct).ConfigureAwait(false)).Logs;
                }
                catch (RpcException e) when (headers.Count > 1)
                {
                    // A node that limits ranges (or results) below the follow batch: read fewer blocks this step.
                    _reader.CountError();
                    _log($"eth_getLogs {query.Describe()} failed ({e.Message}); reading {headers.Count / 2} blocks instead");
                    headers = headers.Take(headers.Count / 2).ToList();
                }
            }
        }, cancellationToken).ConfigureAwait(false);
        var end = headers[^1];
        var byNumber = headers.ToDictionary(h => h.Number, h => (BlockHeader?)h);
        var live = logs.Where(l => !l.Removed).ToList();
        if (!ChainReader.Consistent(live, byNumber, out var reason))
        {
            _log($"the chain changed while reading {from}..{end.Number} ({reason}): reading again");
            return;
        }
        var decoded = live.Select(l => _decoder.Decode(l, byNumber[l.BlockNumber]!.Timestamp)).ToList();
        await CommitAsync(new IngestBatch(from, end, headers, decoded, rollbackFrom), finalized, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds the fork point by walking the remembered headers down, then rolls back and re-ingests.</summary>
    private async Task HandleReorgAsync(long head, CancellationToken cancellationToken)
    {
        var probe = Math.Min(_checkpoint, head);
        long fork;
        while (true)
        {
            var stored = await RetryDatabaseAsync(ct => Store.StoredAtOrBelowAsync(probe, ct), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException(
                    $"the chain reorganised below the oldest remembered block (at or below {probe}); re-index into a fresh database.");
            var header = await _reader.HeaderAsync(stored.Number, cancellationToken).ConfigureAwait(false);
            if (header is not null && header.Hash == stored.Hash)
            {
                fork = stored.Number + 1;
                break;
            }
            probe = stored.Number - 1;
        }
        _reorgs++;
        var target = head - _options.Confirmations;
        _log($"reorg: blocks {fork}..{_checkpoint} are no longer canonical; rolling back to {fork - 1}");
        if (target < fork)
        {
            await Store.RollbackToAsync(fork, _chainId, cancellationToken).ConfigureAwait(false);
            var saved = await Store.LoadCheckpointAsync(cancellationToken).ConfigureAwait(false);
            _checkpoint = saved?.Number ?? fork - 1;
            _checkpointHash = saved?.Hash;
            ReportProgress();
            return;
        }
        var finalized = await FinalizedAsync(head, cancellationToken).ConfigureAwait(false);
        await FollowStepAsync(fork, Math.Min(fork + _options.FollowBatchBlocks - 1, target), fork, finalized, cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task CommitAsync(IngestBatch batch, long finalized, CancellationToken cancellationToken)
    {
        var inserted = await Store.CommitAsync(batch, _checkpoint, _checkpointHash, _chainId, ForgetBelow(finalized), cancellationToken)
            .ConfigureAwait(false);
        Committed(batch.BlockCount, inserted, batch.End);
    }

    private async Task CommitAsync(CommitSession batch, long finalized, CancellationToken cancellationToken)
    {
        var inserted = await batch.CommitAsync(_chainId, ForgetBelow(finalized), cancellationToken).ConfigureAwait(false);
        Committed(batch.Blocks, inserted, batch.End!);
    }

    // Headers stay remembered a while below the finalized block, in case a node disagrees about finality.
    private long ForgetBelow(long finalized) => finalized - Math.Max(_options.FollowBatchBlocks, 64);

    private void Committed(long blocks, long events, BlockHeader end)
    {
        _blocks += blocks;
        _events += events;
        _checkpoint = end.Number;
        _checkpointHash = end.Hash;
        ReportProgress();
    }

    private void ReportProgress() => Progress?.Report(Snapshot);

    private async Task<T> RetryDatabaseAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested)
            {
                _log($"waiting for Postgres: {e.Message}");
                await Task.Delay(_options.MaxRetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await Store.DisposeAsync().ConfigureAwait(false);
    }
}
