using System.CommandLine;

namespace OnchainMarket.Cli.Commands.Circuit;

/// <summary>`omkt circuit ...`: proving keys and verification keys of circom circuits.</summary>
internal static class CircuitCommand
{
    public static Command Create() => new("circuit", "Proving and verification keys of circom circuits")
    {
        CircuitSetupCommand.Create(),
        CircuitExportVkCommand.Create(),
        CircuitCalldataCommand.Create(),
    };
}
