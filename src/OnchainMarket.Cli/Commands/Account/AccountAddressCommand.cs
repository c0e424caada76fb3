using System.CommandLine;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Cli.Commands.ProverClient;

namespace OnchainMarket.Cli.Commands.Account;

/// <summary>
/// `omkt account address --keystore FILE`: the address, derived by decrypting (a keystore's own "address" field is
/// optional and unauthenticated, so it is not trusted).
/// </summary>
internal static class AccountAddressCommand
{
    public static Command Create()
    {
        var keystore = AccountCommand.Keystore();
        var passwordFile = AccountCommand.PasswordFile();
        var command = new Command("address", "Print the address of a keystore (decrypts it to be sure)") { keystore, passwordFile };
        command.SetAction(parse => ChainErrors.Run(() =>
        {
            var path = parse.GetValue(keystore)!;
            var key = KeystoreFile.Decrypt(path, Passwords.Read(parse.GetValue(passwordFile), $"password for {path}: "));
            Console.WriteLine(key.Address());
            return 0;
        }));
        return command;
    }
}
