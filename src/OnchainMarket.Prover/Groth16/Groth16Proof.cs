using OnchainMarket.Prover.Bn254;

namespace OnchainMarket.Prover.Groth16;

/// <summary>A Groth16 proof (π_A ∈ G1, π_B ∈ G2, π_C ∈ G1) in affine coordinates.</summary>
public sealed record Groth16Proof(G1Affine A, G2Affine B, G1Affine C);
