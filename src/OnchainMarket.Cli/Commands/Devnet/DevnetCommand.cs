using System.CommandLine;

namespace OnchainMarket.Cli.Commands.Devnet;

/// <summary>`omkt devnet up`: a local chain with the market deployed.</summary>
internal static class DevnetCommand
{
    public static Command Create() => new("devnet", "Run a local development chain with the market deployed")
    {
        DevnetUpCommand.Create(),
    };
}
