using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Ingest;

/// <summary>
/// Everything one database transaction writes: optionally a rollback of blocks at and above a fork point,
/// the decoded logs of blocks <see cref="FromBlock"/>..<see cref="End"/>, their headers, and the new checkpoint.
/// </summary>
public sealed class IngestBatch
{
    /// <summary>Creates a batch.</summary>
    public IngestBatch(long fromBlock, BlockHeader end, IReadOnlyList<BlockHeader> headers, IReadOnlyList<DecodedLog> logs, long? rollbackFrom)
    {
        FromBlock = fromBlock;
        End = end;
        Headers = headers;
        Logs = logs;
        RollbackFrom = rollbackFrom;
    }

    /// <summary>The first block of the batch.</summary>
    public long FromBlock { get; }

    /// <summary>The last block: the new checkpoint.</summary>
    public BlockHeader End { get; }

    /// <summary>Headers to remember for reorg detection (every block while following the head, only the end while backfilling).</summary>
    public IReadOnlyList<BlockHeader> Headers { get; }

    /// <summary>The decoded logs.</summary>
    public IReadOnlyList<DecodedLog> Logs { get; }

    /// <summary>When set, rows of blocks at and above this number are deleted first (a reorg).</summary>
    public long? RollbackFrom { get; }

    /// <summary>Number of blocks the batch advances the index by (counting from the fork point after a rollback).</summary>
    public long BlockCount => End.Number - FromBlock + 1;
}
