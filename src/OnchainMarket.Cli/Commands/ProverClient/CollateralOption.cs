using System.CommandLine;
using OnchainMarket.Agent.Chain;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>`--collateral vault|symbiotic`, shared by `devnet up`, `demo` and `prover register`.</summary>
internal static class CollateralOption
{
    public static Option<string?> Create(string description)
    {
        var option = new Option<string?>("--collateral") { Description = description };
        option.AcceptOnlyFromAmong("vault", "symbiotic");
        return option;
    }

    /// <summary>The kind named, or null when the option was not given.</summary>
    public static CollateralKind? Parse(string? value) => value switch
    {
        null => null,
        "vault" => CollateralKind.Vault,
        "symbiotic" => CollateralKind.Symbiotic,
        _ => throw new CliUsageException($"--collateral {value} is neither vault nor symbiotic"),
    };
}
