using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Catalog;
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
    private readonly IndexerOptions _options;
    private readonly LogDecoder _decoder;
    private readonly Action<string> _log;
    private readonly Stopwatch _clock = new();
    private long _chainId;
    private long _checkpoint = -1;
    private Hash32? _checkpointHash;
    private int _logRange;
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
        _logRange = Math.Max(1, options.InitialLogRange);
        Store = new IndexerStore(database, catalog);
    }

    /// <summary>Receives a snapshot after every commit.</summary>
    public IProgress<IndexerProgress>? Progress { get; init; }

    /// <summary>The Postgres side (exposed to tests for fault injection).</summary>
    internal IndexerStore Store { get; }

    /// <summary>The current snapshot.</summary>
    public IndexerProgress Snapshot => new(_checkpoint, _head, _target, _blocks, _events, _clock.Elapsed, _reorgs);

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
        _chainId = await RetryAsync("eth_chainId", _rpc.GetChainIdAsync, cancellationToken).ConfigureAwait(false);
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
        var head = await RetryAsync("eth_blockNumber", _rpc.GetBlockNumberAsync, cancellationToken).ConfigureAwait(false);
        _head = head;
        var target = head - _options.Confirmations;
        _target = target;
        if (_checkpoint >= target)
        {
            return await CheckTipAsync(head, cancellationToken).ConfigureAwait(false);
        }

        var finalized = await FinalizedAsync(head, cancellationToken).ConfigureAwait(false);
        var backfillUpTo = Math.Min(finalized, target);
        if (_checkpoint < backfillUpTo)
        {
            await BackfillStepAsync(_checkpoint + 1, backfillUpTo, finalized, cancellationToken).ConfigureAwait(false);
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
            var header = await HeaderAsync(probe, cancellationToken).ConfigureAwait(false);
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
                _log(string.Format(CultureInfo.InvariantCulture, WaitingFormat, "the finalized block", e.Message, delay.TotalSeconds));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    private async Task BackfillStepAsync(long from, long upTo, long finalized, CancellationToken cancellationToken)
    {
        var to = Math.Min(upTo, from + _logRange - 1);
        IReadOnlyList<Log> logs;
        try
        {
            logs = await _rpc.GetLogsAsync(_decoder.BaseFilter with { FromBlock = from, ToBlock = to }, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcClientException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Too many results, a range limit, a timeout or a flaky link: all are answered with a smaller range,
            // and at the smallest range with a pause.
            var previous = _logRange;
            _logRange = Math.Max(1, _logRange / 4);
            _log($"eth_getLogs {from}..{to} failed ({e.Message}); range {previous} -> {_logRange} blocks");
            if (previous == 1)
            {
                await Task.Delay(_options.MaxRetryDelay / 4, cancellationToken).ConfigureAwait(false);
            }
            return;
        }

        var live = logs.Where(l => !l.Removed).ToList();
        var wanted = live.Select(l => l.BlockNumber).Append(to);
        if (_checkpointHash is not null)
        {
            wanted = wanted.Append(from);
        }
        var headers = await HeadersAsync(wanted, cancellationToken).ConfigureAwait(false);
        if (headers[to] is null)
        {
            // The node answered for blocks it does not have (anvil clamps toBlock silently): never trust it.
            _log($"block {to} is not available from the node yet: waiting");
            _logRange = Math.Max(1, _logRange / 2);
            await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (_checkpointHash is { } parent && headers[from] is { } first && first.ParentHash != parent)
        {
            await HandleReorgAsync(_head, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (!Consistent(live, headers, out var reason))
        {
            _log($"the chain changed while reading {from}..{to} ({reason}): reading again");
            return;
        }

        var end = headers[to]!;
        var decoded = live.Select(l => _decoder.Decode(l, headers[l.BlockNumber]!.Timestamp)).ToList();
        await CommitAsync(new IngestBatch(from, end, [end], decoded, null), finalized, cancellationToken).ConfigureAwait(false);
        if (logs.Count < _options.TargetLogsPerRange / 2)
        {
            _logRange = (int)Math.Min(_options.MaxLogRange, (long)_logRange * 2);
        }
    }

    private async Task FollowStepAsync(long from, long to, long? rollbackFrom, long finalized, CancellationToken cancellationToken)
    {
        var numbers = Enumerable.Range(0, (int)(to - from + 1)).Select(i => from + i);
        var fetched = await HeadersAsync(numbers, cancellationToken).ConfigureAwait(false);
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

        var end = headers[^1];
        var byNumber = headers.ToDictionary(h => h.Number, h => (BlockHeader?)h);
        var filter = headers.Count == 1
            ? _decoder.BaseFilter with { BlockHash = end.Hash }
            : _decoder.BaseFilter with { FromBlock = from, ToBlock = end.Number };
        var logs = await RetryAsync($"logs of blocks {from}..{end.Number}", ct => _rpc.GetLogsAsync(filter, ct), cancellationToken)
            .ConfigureAwait(false);
        var live = logs.Where(l => !l.Removed).ToList();
        if (!Consistent(live, byNumber, out var reason))
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
            var header = await HeaderAsync(stored.Number, cancellationToken).ConfigureAwait(false);
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
        // Headers stay remembered a while below the finalized block, in case a node disagrees about finality.
        var forgetBelow = finalized - Math.Max(_options.FollowBatchBlocks, 64);
        var inserted = await Store.CommitAsync(batch, _chainId, forgetBelow, cancellationToken).ConfigureAwait(false);
        _blocks += batch.BlockCount;
        _events += inserted;
        _checkpoint = batch.End.Number;
        _checkpointHash = batch.End.Hash;
        ReportProgress();
    }

    private void ReportProgress() => Progress?.Report(Snapshot);

    private static bool Consistent(IReadOnlyList<Log> logs, IReadOnlyDictionary<long, BlockHeader?> headers, out string reason)
    {
        foreach (var log in logs)
        {
            if (!headers.TryGetValue(log.BlockNumber, out var header) || header is null)
            {
                reason = $"log in block {log.BlockNumber} outside the blocks read";
                return false;
            }
            if (header.Hash != log.BlockHash)
            {
                reason = $"log of block {log.BlockNumber} names hash {log.BlockHash}, the header says {header.Hash}";
                return false;
            }
        }
        reason = "";
        return true;
    }

    private async Task<BlockHeader?> HeaderAsync(long number, CancellationToken cancellationToken) =>
        await RetryAsync($"block {number}", ct => _rpc.GetBlockByNumberAsync(number, ct), cancellationToken).ConfigureAwait(false);

    /// <summary>Headers by number, in JSON-RPC batches; a missing block maps to null.</summary>
    private async Task<Dictionary<long, BlockHeader?>> HeadersAsync(IEnumerable<long> numbers, CancellationToken cancellationToken)
    {
        var distinct = numbers.Distinct().Order().ToList();
        var result = new Dictionary<long, BlockHeader?>(distinct.Count);
        foreach (var chunk in distinct.Chunk(Math.Max(1, _options.HeadersPerRequest)))
        {
            var requests = chunk.Select(n => new RpcRequest("eth_getBlockByNumber", [HexConvert.ToQuantity(n), false])).ToList();
            var answers = await RetryAsync($"headers of blocks {chunk[0]}..{chunk[^1]}", async ct =>
            {
                var results = await _rpc.BatchAsync(requests, ct).ConfigureAwait(false);
                return results.Select(r => r.Get<HeaderJson?>()).ToList();
            }, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < chunk.Length; i++)
            {
                var answer = answers[i];
                result[chunk[i]] = answer is null
                    ? null
                    : answer.Number == chunk[i]
                        ? new BlockHeader(answer.Number, answer.Hash, answer.ParentHash, answer.Timestamp, null, 0, 0)
                        : throw new RpcProtocolException("eth_getBlockByNumber", $"asked for block {chunk[i]}, got block {answer.Number}.");
            }
        }
        return result;
    }

    private async Task<T> RetryAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (RpcClientException e) when (!cancellationToken.IsCancellationRequested && e is not RpcException { Code: -32601 })
            {
                _log(string.Format(CultureInfo.InvariantCulture, WaitingFormat, what, e.Message, delay.TotalSeconds));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

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
    public ValueTask DisposeAsync() => Store.DisposeAsync();

    private sealed record HeaderJson(long Number, Hash32 Hash, Hash32 ParentHash, long Timestamp);
}
