namespace OnchainMarket.Prover.Files;

/// <summary>One rank-1 constraint: (A·w) × (B·w) = C·w.</summary>
public sealed record R1csConstraint(R1csLinearCombination A, R1csLinearCombination B, R1csLinearCombination C);
