using System.Globalization;
using System.Text;
using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Ingest.Rpc;

namespace OnchainMarket.Indexer.Ingest;

/// <summary>
/// The indexer's reads from the node: headers (in JSON-RPC batches) and logs (through the streaming
/// <see cref="LogRpcClient"/>), with retries that wait out transient failures and say what they wait for.
/// Shared by the backfill's fetch stage and the head-following steps.
/// </summary>
internal sealed class ChainReader : IDisposable
{
    private static readonly CompositeFormat WaitingFormat = CompositeFormat.Parse("waiting for {0}: {1}; retrying in {2:0.0} s");

    private readonly JsonRpcClient _rpc;
    private readonly IndexerOptions _options;
    private readonly Action<string> _log;

    public ChainReader(JsonRpcClient rpc, IndexerOptions options, Action<string> log)
    {
        _rpc = rpc;
        _options = options;
        _log = log;
        Logs = new LogRpcClient(rpc.Endpoint, rpc.Options.RequestTimeout);
    }

    /// <summary>The general client (chain id, head, finalized block).</summary>
    public JsonRpcClient Rpc => _rpc;

    /// <summary>The streaming eth_getLogs client.</summary>
    public LogRpcClient Logs { get; }

    /// <summary>Counts every failed call to the node (for the metrics).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    private long _errors;

    /// <summary>Records a failed call that the caller handles itself.</summary>
    public void CountError() => Interlocked.Increment(ref _errors);

    public async Task<BlockHeader?> HeaderAsync(long number, CancellationToken cancellationToken) =>
        await RetryAsync($"block {number}", ct => _rpc.GetBlockByNumberAsync(number, ct), cancellationToken).ConfigureAwait(false);

    /// <summary>Headers by number, in JSON-RPC batches; a missing block maps to null.</summary>
    public async Task<Dictionary<long, BlockHeader?>> HeadersAsync(IEnumerable<long> numbers, CancellationToken cancellationToken)
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

    /// <summary>Calls until it succeeds, doubling the pause up to the longest retry delay; a missing method is not retried.</summary>
    public async Task<T> RetryAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
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
                CountError();
                _log(string.Format(CultureInfo.InvariantCulture, WaitingFormat, what, e.Message, delay.TotalSeconds));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>True when every log lies in a block read and names that block's hash.</summary>
    public static bool Consistent(IReadOnlyList<Log> logs, IReadOnlyDictionary<long, BlockHeader?> headers, out string reason)
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

    public void Dispose() => Logs.Dispose();

    private sealed record HeaderJson(long Number, Hash32 Hash, Hash32 ParentHash, long Timestamp);
}
