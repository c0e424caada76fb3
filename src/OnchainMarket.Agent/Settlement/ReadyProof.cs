using System.Numerics;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Settlement;

/// <summary>A proved job waiting for settlement: what the batch policy needs to know about it.</summary>
/// <param name="ReadyAt">Chain time at which the proof was handed to the settler.</param>
/// <param name="ProveBy">Chain time by which the fulfilment must be mined.</param>
public sealed record ReadyProof(BigInteger RequestId, int Round, Hash32 CircuitId, long ReadyAt, long ProveBy);
