using System.Numerics;

namespace OnchainMarket.Agent.Proving;

/// <summary>A proof in the on-chain layout (8 words), its public signals and how long it took.</summary>
public sealed record ProvedJob(IReadOnlyList<BigInteger> Proof, IReadOnlyList<BigInteger> PublicSignals, TimeSpan Elapsed);
