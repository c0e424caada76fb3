using System.Numerics;

namespace OnchainMarket.Ethereum;

/// <summary>A mined transaction's receipt.</summary>
/// <param name="TransactionHash">The transaction hash.</param>
/// <param name="BlockNumber">The block number.</param>
/// <param name="BlockHash">The block hash.</param>
/// <param name="From">The sender.</param>
/// <param name="To">The recipient (null for a creation).</param>
/// <param name="Succeeded">Status 1 (true) or 0 (reverted).</param>
/// <param name="GasUsed">Gas used by this transaction.</param>
/// <param name="EffectiveGasPrice">The price per gas actually paid.</param>
/// <param name="ContractAddress">The created contract, for a creation.</param>
/// <param name="Logs">The logs emitted.</param>
public sealed record TransactionReceipt(
    Hash32 TransactionHash,
    long BlockNumber,
    Hash32 BlockHash,
    Address From,
    Address? To,
    bool Succeeded,
    BigInteger GasUsed,
    BigInteger EffectiveGasPrice,
    Address? ContractAddress,
    IReadOnlyList<Log> Logs);
