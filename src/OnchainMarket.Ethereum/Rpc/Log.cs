namespace OnchainMarket.Ethereum;

/// <summary>An event log as <c>eth_getLogs</c> and receipts return it.</summary>
/// <param name="Address">The emitting contract.</param>
/// <param name="Topics">topic0 (the event signature hash, unless anonymous) and the indexed fields.</param>
/// <param name="Data">The ABI-encoded non-indexed fields.</param>
/// <param name="BlockNumber">The block number.</param>
/// <param name="BlockHash">The block hash.</param>
/// <param name="TransactionHash">The transaction hash.</param>
/// <param name="TransactionIndex">The transaction's index in its block.</param>
/// <param name="LogIndex">The log's index in its block.</param>
/// <param name="Removed">True when a reorg removed this log; such logs must be dropped.</param>
public sealed record Log(
    Address Address,
    IReadOnlyList<Hash32> Topics,
    byte[] Data,
    long BlockNumber,
    Hash32 BlockHash,
    Hash32 TransactionHash,
    int TransactionIndex,
    int LogIndex,
    bool Removed);
