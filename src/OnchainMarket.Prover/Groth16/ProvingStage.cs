namespace OnchainMarket.Prover.Groth16;

/// <summary>The steps of a proof, reported through <see cref="IProgress{T}"/> as each one starts.</summary>
public enum ProvingStage
{
    Evaluations,
    Fft,
    Msm,
    Done,
}
