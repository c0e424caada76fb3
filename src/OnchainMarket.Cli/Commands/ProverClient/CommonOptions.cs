using System.CommandLine;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>Options every chain command takes.</summary>
internal static class CommonOptions
{
    public static Option<string?> Addresses() => new("--addresses")
    {
        Description = "The addresses file written by omkt devnet up (default .devnet/addresses.json)",
    };

    public static Option<string?> Rpc() => new("--rpc")
    {
        Description = "JSON-RPC URL of the node (default: the one in the addresses file)",
    };
}
