using System.CommandLine;

namespace OnchainMarket.Cli.Commands.Account;

/// <summary>`omkt account new|import|address`: encrypted keystores for the signing commands' <c>--keystore</c>.</summary>
internal static class AccountCommand
{
    public static Command Create() => new("account", "Create, import and read encrypted keystores (Web3 Secret Storage, as geth and cast wallet)")
    {
        AccountNewCommand.Create(),
        AccountImportCommand.Create(),
        AccountAddressCommand.Create(),
    };

    public static Option<string> Keystore() => new("--keystore") { Description = "The keystore file", Required = true };

    public static Option<string?> PasswordFile() => new("--password-file") { Description = "File whose first line is the password (default: prompt)" };
}
