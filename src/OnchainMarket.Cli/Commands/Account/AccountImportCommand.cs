using System.CommandLine;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Cli.Commands.ProverClient;

namespace OnchainMarket.Cli.Commands.Account;

/// <summary>
/// `omkt account import --key-file KEY --keystore FILE`: encrypts a raw key file into a keystore. The key is read
/// from a file, never from the command line, where it would land in the shell history and the process list.
/// </summary>
internal static class AccountImportCommand
{
    public static Command Create()
    {
        var keyFile = new Option<string>("--key-file") { Description = "File holding the private key to import (64 hex digits)", Required = true };
        var keystore = AccountCommand.Keystore();
        var passwordFile = AccountCommand.PasswordFile();
        var command = new Command("import", "Encrypt a private key file into a new keystore and print its address") { keyFile, keystore, passwordFile };
        command.SetAction(parse => ChainErrors.Run(() =>
        {
            var path = parse.GetValue(keystore)!;
            var source = parse.GetValue(keyFile)!;
            // ReadKey validates the file (one clear line when it is not a key) before anything is written.
            var key = ChainContext.ReadKey(source);
            var address = key.Address();
            if (File.Exists(path))
            {
                throw new CliUsageException($"--keystore {path} already exists; not overwriting a keystore");
            }
            var password = Passwords.ReadNew(parse.GetValue(passwordFile), path);
            var secret = key.GetPrivateKeyAsBytes();
            KeystoreFile.Write(path, secret, address.ToString(), password);
            Console.WriteLine(address);
            return 0;
        }));
        return command;
    }
}
