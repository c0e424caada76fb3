namespace OnchainMarket.Indexer.Ingest;

/// <summary>A snapshot of the indexer's progress, reported after every commit.</summary>
/// <param name="Checkpoint">The last indexed block.</param>
/// <param name="Head">The node's head when last asked.</param>
/// <param name="Target">The block the indexer is working towards (head minus confirmations).</param>
/// <param name="BlocksIndexed">Blocks committed since start.</param>
/// <param name="EventsIndexed">Event rows committed since start.</param>
/// <param name="Elapsed">Time since start.</param>
/// <param name="Reorgs">Reorgs rolled back since start.</param>
/// <param name="RpcErrors">Failed calls to the node since start (each was retried).</param>
public readonly record struct IndexerProgress(long Checkpoint, long Head, long Target, long BlocksIndexed, long EventsIndexed, TimeSpan Elapsed, int Reorgs,
    long RpcErrors = 0)
{
    /// <summary>Blocks the indexer is behind the head.</summary>
    public long HeadDistance => Math.Max(0, Head - Checkpoint);

    /// <summary>Blocks per second since start.</summary>
    public double BlocksPerSecond => Elapsed.TotalSeconds > 0 ? BlocksIndexed / Elapsed.TotalSeconds : 0;

    /// <summary>Events per second since start.</summary>
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? EventsIndexed / Elapsed.TotalSeconds : 0;
}
