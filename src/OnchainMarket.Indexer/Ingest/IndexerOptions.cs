using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Ingest;

/// <summary>How the indexer reads the chain.</summary>
public sealed record IndexerOptions
{
    /// <summary>The first block to index when the database has no checkpoint yet (the deployment block).</summary>
    public long FromBlock { get; init; }

    /// <summary>Blocks behind the head that are left unindexed; 0 indexes the head itself (reorgs are rolled back either way).</summary>
    public int Confirmations { get; init; }

    /// <summary>
    /// Emitting contract per address (values are catalog contract names: ProofMarket, RestakingVault, ...).
    /// Empty: every log whose topic0 is a catalogued event is indexed, whoever emitted it.
    /// </summary>
    public IReadOnlyDictionary<Address, string> Contracts { get; init; } = new Dictionary<Address, string>();

    /// <summary>
    /// The first eth_getLogs range of a backfill, in blocks; later ranges are sized from the logs and bytes per block
    /// of the answers so far. Small, so that a dense chain's first answer is not huge.
    /// </summary>
    public int InitialLogRange { get; init; } = 16;

    /// <summary>The largest eth_getLogs range.</summary>
    public int MaxLogRange { get; init; } = 100_000;

    /// <summary>Logs one eth_getLogs answer should hold; an answer past four times this is abandoned and its range split.</summary>
    public int TargetLogsPerRange { get; init; } = 5_000;

    /// <summary>Bytes of JSON one eth_getLogs answer should hold; past four times this it is abandoned and its range split.</summary>
    public long TargetBytesPerRange { get; init; } = 6L << 20;

    /// <summary>Backfill ranges fetched and decoded ahead of the one being written (the pipeline's bound).</summary>
    public int PrefetchRanges { get; init; } = 2;

    /// <summary>
    /// A backfill transaction commits (refreshing derived state once) when it holds this many events, when it has been
    /// open for <see cref="CommitInterval"/>, or when no fetched range is waiting. 0 commits every range on its own.
    /// </summary>
    public int CommitBatchEvents { get; init; } = 40_000;

    /// <summary>The longest a backfill transaction stays open before it commits what it holds.</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Most blocks checked header by header and committed together while following the head.</summary>
    public int FollowBatchBlocks { get; init; } = 100;

    /// <summary>How long to wait for a new block when caught up.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between retries of a failing call.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Headers fetched per JSON-RPC batch request.</summary>
    public int HeadersPerRequest { get; init; } = 100;
}
