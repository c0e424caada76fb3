using System.CommandLine;
using Nethereum.Signer;
using OnchainMarket.Cli.Commands.ProverClient;

namespace OnchainMarket.Cli.Commands.Account;

/// <summary>`omkt account new --keystore FILE`: a fresh key, written only encrypted; prints its address, never the key.</summary>
internal static class AccountNewCommand
{
    public static Command Create()
    {
        var keystore = AccountCommand.Keystore();
        var passwordFile = AccountCommand.PasswordFile();
        var command = new Command("new", "Generate a key into a new encrypted keystore and print its address") { keystore, passwordFile };
        command.SetAction(parse => ChainErrors.Run(() =>
        {
            var path = parse.GetValue(keystore)!;
            if (File.Exists(path))
            {
                throw new CliUsageException($"--keystore {path} already exists; not overwriting a keystore");
            }
            var password = Passwords.ReadNew(parse.GetValue(passwordFile), path);
            var key = EthECKey.GenerateKey();
            var secret = key.GetPrivateKeyAsBytes();
            var address = key.GetPublicAddress();
            KeystoreFile.Write(path, secret, address, password);
            Console.WriteLine(address);
            return 0;
        }));
        return command;
    }
}
