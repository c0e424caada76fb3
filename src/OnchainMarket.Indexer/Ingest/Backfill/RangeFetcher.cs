using System.Threading.Channels;
using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Ingest.Rpc;

namespace OnchainMarket.Indexer.Ingest.Backfill;

/// <summary>
/// The backfill's first stage: reads eth_getLogs ranges one after another, checks each against the headers of its
/// blocks, decodes it and hands it to the writer through a bounded channel, so the next range is read while the
/// previous one is written and at most <see cref="IndexerOptions.PrefetchRanges"/> wait in memory. Failures are
/// answered here: a transport failure by a pause and the same range, a node error, a timeout or an answer past its
/// limit by a smaller range; a range whose end the node does not have yet ends the run after a pause.
/// </summary>
internal sealed class RangeFetcher
{
    private readonly ChainReader _reader;
    private readonly LogDecoder _decoder;
    private readonly IndexerOptions _options;
    private readonly Action<string> _log;
    private readonly RangeSizer _sizer;
    private readonly StageTimes _times;

    public RangeFetcher(ChainReader reader, LogDecoder decoder, IndexerOptions options, Action<string> log, StageTimes times)
    {
        _times = times;
        _reader = reader;
        _decoder = decoder;
        _options = options;
        _log = log;
        _sizer = new RangeSizer(options.InitialLogRange, options.MaxLogRange, options.TargetLogsPerRange, options.TargetBytesPerRange);
    }

    /// <summary>The largest answer read in full, in logs.</summary>
    public int LargestAnswerLogs { get; private set; }

    /// <summary>The largest answer read in full, in bytes of JSON.</summary>
    public long LargestAnswerBytes { get; private set; }

    /// <summary>
    /// Fetches blocks <paramref name="from"/>..<paramref name="upTo"/> into <paramref name="output"/>, then completes it.
    /// Above <paramref name="finalized"/> every header is read and must extend the one before.
    /// </summary>
    public async Task RunAsync(long from, long upTo, long finalized, ChannelWriter<FetchedRange> output, CancellationToken cancellationToken)
    {
        try
        {
            var next = from;
            var pause = TimeSpan.FromMilliseconds(250);
            while (next <= upTo)
            {
                var blocks = (int)Math.Min(_sizer.Blocks, upTo - next + 1);
                var to = next + blocks - 1;
                LogAnswer answer;
                var started = StageTimes.Now;
                try
                {
                    // One block cannot be split: it is read whatever its size.
                    var limits = blocks > 1 ? new LogLimits(4 * _options.TargetLogsPerRange, 4 * _options.TargetBytesPerRange) : LogLimits.None;
                    answer = await _reader.Logs.GetLogsAsync(_decoder.BaseQuery with { FromBlock = next, ToBlock = to }, limits, cancellationToken)
                        .ConfigureAwait(false);
                    pause = TimeSpan.FromMilliseconds(250);
                    _times.Logs(started);
                }
                catch (LogLimitExceededException e)
                {
                    _sizer.Shrink(blocks);
                    _log($"eth_getLogs {next}..{to}: {e.Message}; range {blocks} -> {_sizer.Blocks} blocks");
                    continue;
                }
                catch (RpcTransportException e) when (!cancellationToken.IsCancellationRequested)
                {
                    _reader.CountError();
                    _log($"eth_getLogs {next}..{to} failed ({e.Message}); retrying in {pause.TotalSeconds:0.0} s");
                    await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                    pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, _options.MaxRetryDelay.Ticks));
                    continue;
                }
                catch (RpcClientException e) when (!cancellationToken.IsCancellationRequested)
                {
                    // Too many results, a range limit, a timeout or a garbled answer: all are answered with a smaller
                    // range, and at the smallest range with a pause.
                    _reader.CountError();
                    _sizer.Shrink(blocks);
                    _log($"eth_getLogs {next}..{to} failed ({e.Message}); range {blocks} -> {_sizer.Blocks} blocks");
                    if (blocks == 1)
                    {
                        await Task.Delay(_options.MaxRetryDelay / 4, cancellationToken).ConfigureAwait(false);
                    }
                    continue;
                }

                var live = answer.Logs.Where(l => !l.Removed).ToList();
                started = StageTimes.Now;
                var linkedFrom = Math.Max(next, finalized);
                var linked = to > finalized ? LongRange(linkedFrom, to) : [];
                var headers = await _reader.HeadersAsync(live.Select(l => l.BlockNumber).Append(next).Append(to).Concat(linked), cancellationToken)
                    .ConfigureAwait(false);
                _times.Headers(started);
                if (headers[to] is not { } end || headers[next] is not { } first)
                {
                    // The node answered for blocks it does not have (anvil clamps toBlock silently): never trust it.
                    _log($"block {to} is not available from the node yet: waiting");
                    _sizer.Halve();
                    await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
                    break;
                }
                if (!ChainReader.Consistent(live, headers, out var reason) || !Linked(linked, headers, out reason))
                {
                    _log($"the chain changed while reading {next}..{to} ({reason}): reading again");
                    continue;
                }
                _sizer.Observe(blocks, answer.Logs.Count, answer.Bytes);
                LargestAnswerLogs = Math.Max(LargestAnswerLogs, answer.Logs.Count);
                LargestAnswerBytes = Math.Max(LargestAnswerBytes, answer.Bytes);
                started = StageTimes.Now;
                var decoded = new DecodedLog[live.Count];
                for (var i = 0; i < live.Count; i++)
                {
                    decoded[i] = _decoder.Decode(live[i], headers[live[i].BlockNumber]!.Timestamp);
                }
                _times.Decode(started);
                var remember = linked.Where(n => n > finalized).Select(n => headers[n]!).ToList();
                await output.WriteAsync(new FetchedRange(next, end, first.ParentHash, remember, decoded, answer.Bytes), cancellationToken).ConfigureAwait(false);
                next = to + 1;
            }
            output.TryComplete();
        }
        catch (Exception e)
        {
            output.TryComplete(e);
        }
    }

    private static long[] LongRange(long from, long to)
    {
        var numbers = new long[to - from + 1];
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = from + i;
        }
        return numbers;
    }

    /// <summary>True when every header of <paramref name="numbers"/> exists and extends the one before it.</summary>
    private static bool Linked(long[] numbers, Dictionary<long, BlockHeader?> headers, out string reason)
    {
        for (var i = 0; i < numbers.Length; i++)
        {
            if (headers[numbers[i]] is not { } header)
            {
                reason = $"block {numbers[i]} is missing";
                return false;
            }
            if (i > 0 && header.ParentHash != headers[numbers[i - 1]]!.Hash)
            {
                reason = $"block {numbers[i]} does not extend block {numbers[i - 1]}";
                return false;
            }
        }
        reason = "";
        return true;
    }
}
