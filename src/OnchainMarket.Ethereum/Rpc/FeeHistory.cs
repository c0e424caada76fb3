using System.Numerics;

namespace OnchainMarket.Ethereum;

/// <summary>The result of <c>eth_feeHistory</c>.</summary>
/// <param name="OldestBlock">The first block covered.</param>
/// <param name="BaseFeePerGas">Base fees of the covered blocks plus the next one.</param>
/// <param name="GasUsedRatio">Fullness of each covered block.</param>
/// <param name="Reward">Per block, the priority fee at each requested percentile.</param>
public sealed record FeeHistory(long OldestBlock, IReadOnlyList<BigInteger> BaseFeePerGas, IReadOnlyList<double> GasUsedRatio, IReadOnlyList<IReadOnlyList<BigInteger>> Reward);
