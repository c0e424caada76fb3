namespace OnchainMarket.Prover.Bn254;

/// <summary>BN254 scalar field r = 21888242871839275222246405745257275088548364400416034343698204186575808495617.</summary>
internal readonly struct FrParams : IFieldParams
{
    public static ulong P0 => 0x43e1f593f0000001UL;
    public static ulong P1 => 0x2833e84879b97091UL;
    public static ulong P2 => 0xb85045b68181585dUL;
    public static ulong P3 => 0x30644e72e131a029UL;
    public static ulong Inv => 0xc2e1f593efffffffUL;
    public static U256 R => new(0xac96341c4ffffffbUL, 0x36fc76959f60cd29UL, 0x666ea36f7879462eUL, 0x0e0a77c19a07df2fUL);
    public static U256 R2 => new(0x1bb8e645ae216da7UL, 0x53fe3ab1e35c59e3UL, 0x8c49833d53bb8085UL, 0x0216d0b17f4e44a5UL);
}
