using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Ingest.Backfill;

/// <summary>
/// One eth_getLogs range, read, checked against the headers of its blocks and decoded, waiting to be committed.
/// </summary>
/// <param name="FromBlock">The first block.</param>
/// <param name="End">The header of the last block (the checkpoint once committed).</param>
/// <param name="FirstParent">The parent hash of the first block: it must be the previous range's end.</param>
/// <param name="Remember">Headers of the range above the finalized block, linked by parent hash (kept for reorg detection).</param>
/// <param name="Logs">The decoded logs.</param>
/// <param name="Bytes">Bytes of JSON the answer took.</param>
internal sealed record FetchedRange(long FromBlock, BlockHeader End, Hash32 FirstParent, IReadOnlyList<BlockHeader> Remember, IReadOnlyList<DecodedLog> Logs, long Bytes);
