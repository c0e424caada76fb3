using OnchainMarket.Prover.Bn254;

namespace OnchainMarket.Prover.Files;

/// <summary>
/// One entry of a Groth16 zkey's section 4: matrix (0 = A, 1 = B), constraint row, signal and the
/// value stored as v·R² mod r (read raw, so a Montgomery product with a normal-form witness value gives v·w).
/// </summary>
public readonly record struct ZkeyCoefficient(int Matrix, int Constraint, int Signal, Fr Value);
