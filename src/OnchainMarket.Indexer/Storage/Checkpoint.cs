using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Storage;

/// <summary>The last block the database holds in full: its number and hash, and the chain it came from.</summary>
/// <param name="ChainId">The chain id the index was built from.</param>
/// <param name="Number">The block number.</param>
/// <param name="Hash">The block hash.</param>
public readonly record struct Checkpoint(long ChainId, long Number, Hash32 Hash);
