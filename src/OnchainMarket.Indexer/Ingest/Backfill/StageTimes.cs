using System.Diagnostics;
using System.Globalization;

namespace OnchainMarket.Indexer.Ingest.Backfill;

/// <summary>
/// Where a backfill's time goes, stage by stage (the fetch stage and the write stage run at the same time, so the
/// sums may exceed the wall time): logged once a backfill completes, to show which stage bounds the pipeline.
/// </summary>
internal sealed class StageTimes
{
    private long _logs;
    private long _headers;
    private long _decode;
    private long _waitForRange;
    private long _copy;
    private long _commit;

    public static long Now => Stopwatch.GetTimestamp();

    public void Logs(long since) => Interlocked.Add(ref _logs, Stopwatch.GetTimestamp() - since);

    public void Headers(long since) => Interlocked.Add(ref _headers, Stopwatch.GetTimestamp() - since);

    public void Decode(long since) => Interlocked.Add(ref _decode, Stopwatch.GetTimestamp() - since);

    public void WaitForRange(long since) => Interlocked.Add(ref _waitForRange, Stopwatch.GetTimestamp() - since);

    public void Copy(long since) => Interlocked.Add(ref _copy, Stopwatch.GetTimestamp() - since);

    public void Commit(long since) => Interlocked.Add(ref _commit, Stopwatch.GetTimestamp() - since);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"fetch stage: eth_getLogs + parse {S(_logs):0.00} s, headers {S(_headers):0.00} s, decode {S(_decode):0.00} s; write stage: waiting for ranges {S(_waitForRange):0.00} s, COPY {S(_copy):0.00} s, derived state + commit {S(_commit):0.00} s");

    private static double S(long ticks) => (double)ticks / Stopwatch.Frequency;
}
