using OnchainMarket.Prover.Bn254;

namespace OnchainMarket.Prover.Backends;

/// <summary>A G1 Jacobian point inside kernels (same 12-limb layout as <see cref="G1Projective"/>); Z = 0 is infinity.</summary>
internal struct KernelJacobian
{
    public U256 X;
    public U256 Y;
    public U256 Z;

    public KernelJacobian(U256 x, U256 y, U256 z)
    {
        X = x;
        Y = y;
        Z = z;
    }
}
