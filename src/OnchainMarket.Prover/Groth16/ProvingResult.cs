using System.Numerics;

namespace OnchainMarket.Prover.Groth16;

/// <summary>A proof, its public signals (witness[1..nPublic], decimal-ready) and the time spent.</summary>
public sealed record ProvingResult(Groth16Proof Proof, IReadOnlyList<BigInteger> PublicSignals, ProvingTimings Timings);
