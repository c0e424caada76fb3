namespace OnchainMarket.Agent.Chain;

/// <summary>What holds provers' collateral behind the market's IStakeSource.</summary>
public enum CollateralKind
{
    /// <summary>The project's RestakingVault (the devnet default).</summary>
    Vault,

    /// <summary>A Symbiotic vault, through the SymbioticStakeSource (the market as a Symbiotic network).</summary>
    Symbiotic,
}
