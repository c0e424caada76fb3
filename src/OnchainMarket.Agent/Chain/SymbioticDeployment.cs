namespace OnchainMarket.Agent.Chain;

/// <summary>
/// The Symbiotic side of a deployment with <see cref="CollateralKind.Symbiotic"/> collateral: what an operator
/// calls to join (the registry and the two opt-in services), the vault it deposits into, and our contracts.
/// </summary>
public sealed record SymbioticDeployment
{
    /// <summary>The SymbioticStakeSource: the market's IStakeSource, Symbiotic network and middleware.</summary>
    public required string StakeSource { get; init; }

    public required string Vault { get; init; }

    /// <summary>The vault's NetworkRestakeDelegator (where the curator sets limits and shares).</summary>
    public required string Delegator { get; init; }

    /// <summary>The vault's instant Slasher.</summary>
    public required string Slasher { get; init; }

    /// <summary>Our SymbioticSlashBurner, the vault's burner.</summary>
    public required string Burner { get; init; }

    public required string OperatorRegistry { get; init; }

    /// <summary>OperatorNetworkOptInService: an operator opts in to the stake source (the network) here.</summary>
    public required string NetworkOptIn { get; init; }

    /// <summary>OperatorVaultOptInService: an operator opts in to the vault here.</summary>
    public required string VaultOptIn { get; init; }

    public required string VaultFactory { get; init; }

    /// <summary>Every address, named as in the addresses file, for validation.</summary>
    public IEnumerable<(string Name, string Value)> Addresses() =>
    [
        ("symbiotic.stakeSource", StakeSource), ("symbiotic.vault", Vault), ("symbiotic.delegator", Delegator), ("symbiotic.slasher", Slasher),
        ("symbiotic.burner", Burner), ("symbiotic.operatorRegistry", OperatorRegistry), ("symbiotic.networkOptIn", NetworkOptIn),
        ("symbiotic.vaultOptIn", VaultOptIn), ("symbiotic.vaultFactory", VaultFactory),
    ];
}
