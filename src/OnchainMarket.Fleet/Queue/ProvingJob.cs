using System.Numerics;

namespace OnchainMarket.Fleet.Queue;

/// <summary>
/// One proof the coordinator owes: which request (and round), the circuit, the witness input and
/// the public inputs the proof must carry, and the chain time it is due by (unix seconds).
/// </summary>
public sealed record ProvingJob(BigInteger RequestId, int Round, string CircuitId, string Input, IReadOnlyList<BigInteger> PublicInputs, long ProveBy);
