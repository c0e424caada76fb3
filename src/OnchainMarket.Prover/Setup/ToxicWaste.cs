using OnchainMarket.Prover.Bn254;

namespace OnchainMarket.Prover.Setup;

/// <summary>
/// The secrets of a Groth16 setup. Whoever knows them can forge proofs, so a key made from values this
/// process drew is for development only.
/// </summary>
public sealed record ToxicWaste(Fr Tau, Fr Alpha, Fr Beta, Fr Gamma, Fr Delta)
{
    /// <summary>Fresh non-zero values from a CSPRNG.</summary>
    public static ToxicWaste Random() => new(NonZero(), NonZero(), NonZero(), NonZero(), NonZero());

    private static Fr NonZero()
    {
        while (true)
        {
            var value = Fr.Random();
            if (!value.IsZero)
            {
                return value;
            }
        }
    }
}
