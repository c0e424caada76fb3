using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Catalog;

namespace OnchainMarket.Indexer.Ingest;

/// <summary>A log with its table and column values (unboxed cells); <see cref="Table"/> is null for a log no catalogued event matches.</summary>
/// <param name="Log">The log as the node returned it.</param>
/// <param name="BlockTime">The block's timestamp (Unix seconds).</param>
/// <param name="Table">The event table, or null for an unknown log.</param>
/// <param name="Values">The event columns' values (empty for an unknown log).</param>
public sealed record DecodedLog(Log Log, long BlockTime, EventTable? Table, ColumnCell[] Values);
