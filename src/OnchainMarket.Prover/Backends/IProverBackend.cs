using OnchainMarket.Prover.Bn254;

namespace OnchainMarket.Prover.Backends;

/// <summary>
/// The compute-heavy primitives of a Groth16 prover. Proving-key points are loaded once into handles
/// (on a GPU they stay resident in device memory between proofs) and then used by many MSMs.
/// </summary>
public interface IProverBackend : IDisposable
{
    /// <summary>A short human-readable name, such as "cpu" or "gpu (NVIDIA H100)".</summary>
    string Name { get; }

    IG1Bases LoadG1(G1Affine[] points);

    IG2Bases LoadG2(G2Affine[] points);

    /// <summary>Σ scalars[i]·bases[i]; the scalar count must equal the number of loaded points.</summary>
    G1Projective MsmG1(IG1Bases bases, ReadOnlySpan<Fr> scalars);

    /// <summary>Σ scalars[i]·bases[i]; the scalar count must equal the number of loaded points.</summary>
    G2Projective MsmG2(IG2Bases bases, ReadOnlySpan<Fr> scalars);

    /// <summary>In-place forward NTT, natural order, snarkjs roots (see <see cref="Ntt.Forward"/>).</summary>
    void NttForward(Span<Fr> values);

    /// <summary>In-place inverse NTT including the 1/n scaling.</summary>
    void NttInverse(Span<Fr> values);
}
