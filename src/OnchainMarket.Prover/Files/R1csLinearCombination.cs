using OnchainMarket.Prover.Bn254;

namespace OnchainMarket.Prover.Files;

/// <summary>Σ coefficient_i · w[wire_i]; coefficients in Montgomery form like every <see cref="Fr"/>.</summary>
public sealed record R1csLinearCombination(int[] Wires, Fr[] Coefficients);
