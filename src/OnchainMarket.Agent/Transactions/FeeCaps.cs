using System.Numerics;

namespace OnchainMarket.Agent.Transactions;

/// <summary>EIP-1559 fee caps of one transaction, in wei per gas.</summary>
public readonly record struct FeeCaps(BigInteger MaxPriorityFeePerGas, BigInteger MaxFeePerGas);
