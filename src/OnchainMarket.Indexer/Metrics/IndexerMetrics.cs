using System.Globalization;
using System.Text;
using OnchainMarket.Indexer.Ingest;

namespace OnchainMarket.Indexer.Metrics;

/// <summary>
/// The indexer's progress in the Prometheus text exposition format (version 0.0.4), and its readiness: ready when
/// the indexed block is within a given number of blocks of the node's head.
/// </summary>
public static class IndexerMetrics
{
    /// <summary>The content type Prometheus expects for this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Every metric of one snapshot.</summary>
    public static string Render(IndexerProgress progress)
    {
        var text = new StringBuilder();
        Metric(text, "omkt_indexer_head_block", "gauge", "The node's head block when last asked.", progress.Head);
        Metric(text, "omkt_indexer_indexed_block", "gauge", "The last block committed to the database (the checkpoint).", progress.Checkpoint);
        Metric(text, "omkt_indexer_lag_blocks", "gauge", "Blocks between the head and the checkpoint.", progress.HeadDistance);
        Metric(text, "omkt_indexer_blocks_total", "counter", "Blocks committed since start.", progress.BlocksIndexed);
        Metric(text, "omkt_indexer_events_total", "counter", "Event rows committed since start.", progress.EventsIndexed);
        Metric(text, "omkt_indexer_events_per_second", "gauge", "Event rows per second since start.", progress.EventsPerSecond);
        Metric(text, "omkt_indexer_reorgs_total", "counter", "Reorgs rolled back since start.", progress.Reorgs);
        Metric(text, "omkt_indexer_rpc_errors_total", "counter", "Failed calls to the node since start (each was retried).", progress.RpcErrors);
        Metric(text, "omkt_indexer_uptime_seconds", "gauge", "Seconds since the indexer started.", progress.Elapsed.TotalSeconds);
        return text.ToString();
    }

    /// <summary>Ready when started and no more than <paramref name="withinBlocks"/> behind the head; the reason either way.</summary>
    public static (bool Ready, string Reason) Health(IndexerProgress progress, long withinBlocks)
    {
        if (progress.Head <= 0 && progress.Checkpoint < 0)
        {
            return (false, "starting: the node has not been asked for its head yet");
        }
        var lag = progress.HeadDistance;
        return lag <= withinBlocks
            ? (true, $"ok: block {progress.Checkpoint}, {lag} behind the head")
            : (false, $"catching up: block {progress.Checkpoint}, {lag} behind the head (ready within {withinBlocks})");
    }

    private static void Metric(StringBuilder text, string name, string type, string help, double value) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n')
            .Append(name).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
}
