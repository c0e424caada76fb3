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

    /// <summary>The first eth_getLogs range of a backfill; it then grows on success and shrinks on failure.</summary>
    public int InitialLogRange { get; init; } = 2_000;

    /// <summary>The largest eth_getLogs range.</summary>
    public int MaxLogRange { get; init; } = 100_000;

    /// <summary>Stop growing the range when one answer already holds this many logs.</summary>
    public int TargetLogsPerRange { get; init; } = 10_000;

    /// <summary>Most blocks checked header by header and committed together while following the head.</summary>
    public int FollowBatchBlocks { get; init; } = 100;

    /// <summary>How long to wait for a new block when caught up.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between retries of a failing call.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Headers fetched per JSON-RPC batch request.</summary>
    public int HeadersPerRequest { get; init; } = 100;
}
