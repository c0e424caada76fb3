using System.Numerics;

namespace OnchainMarket.Ethereum;

/// <summary>The header fields of a block that the market's clients use.</summary>
/// <param name="Number">The block number.</param>
/// <param name="Hash">The block hash.</param>
/// <param name="ParentHash">The parent's hash (reorg detection compares it).</param>
/// <param name="Timestamp">Unix seconds.</param>
/// <param name="BaseFeePerGas">The EIP-1559 base fee, null before London.</param>
/// <param name="GasLimit">The block gas limit.</param>
/// <param name="GasUsed">Gas used by the block.</param>
public sealed record BlockHeader(long Number, Hash32 Hash, Hash32 ParentHash, long Timestamp, BigInteger? BaseFeePerGas, BigInteger GasLimit, BigInteger GasUsed);
