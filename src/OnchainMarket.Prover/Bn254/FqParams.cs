namespace OnchainMarket.Prover.Bn254;

/// <summary>BN254 base field q = 21888242871839275222246405745257275088696311157297823662689037894645226208583.</summary>
internal readonly struct FqParams : IFieldParams
{
    public static ulong P0 => 0x3c208c16d87cfd47UL;
    public static ulong P1 => 0x97816a916871ca8dUL;
    public static ulong P2 => 0xb85045b68181585dUL;
    public static ulong P3 => 0x30644e72e131a029UL;
    public static ulong Inv => 0x87d20782e4866389UL;
    public static U256 R => new(0xd35d438dc58f0d9dUL, 0x0a78eb28f5c70b3dUL, 0x666ea36f7879462cUL, 0x0e0a77c19a07df2fUL);
    public static U256 R2 => new(0xf32cfc5b538afa89UL, 0xb5e71911d44501fbUL, 0x47ab1eff0a417ff6UL, 0x06d89f71cab8351fUL);
}
