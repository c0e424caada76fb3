using System.CommandLine;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>Lets a command's collection initializer take a <see cref="SignerOptions"/> like any option.</summary>
internal static class SignerOptionsCommandExtensions
{
    public static void Add(this Command command, SignerOptions signer) => signer.AddTo(command);
}
