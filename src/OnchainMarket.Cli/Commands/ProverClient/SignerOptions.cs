using System.CommandLine;
using Nethereum.Signer;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>
/// How a signing command gets its key: <c>--keystore FILE</c> (Web3 Secret Storage JSON, as geth and
/// <c>cast wallet</c> write it) with <c>--password-file FILE</c> or a prompt, or <c>--key-file FILE</c> (raw hex).
/// </summary>
internal sealed class SignerOptions
{
    private readonly bool _required;

    public SignerOptions(bool required)
    {
        _required = required;
        KeyFile = new Option<string?>("--key-file") { Description = "File holding the account's private key (64 hex digits)" };
        Keystore = new Option<string?>("--keystore") { Description = "Encrypted keystore (Web3 Secret Storage JSON, as geth and cast wallet write it)" };
        PasswordFile = new Option<string?>("--password-file") { Description = "File whose first line is the keystore's password (default: prompt)" };
    }

    public Option<string?> KeyFile { get; }

    public Option<string?> Keystore { get; }

    public Option<string?> PasswordFile { get; }

    /// <summary>Adds the three options to <paramref name="command"/> (also what <c>new Command(...) { signer }</c> calls).</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(KeyFile);
        command.Options.Add(Keystore);
        command.Options.Add(PasswordFile);
    }

    /// <summary>The key the options name; null when none is given and none is required.</summary>
    public EthECKey? Read(ParseResult parse)
    {
        var keyFile = parse.GetValue(KeyFile);
        var keystore = parse.GetValue(Keystore);
        var passwordFile = parse.GetValue(PasswordFile);
        if (keyFile is not null && keystore is not null)
        {
            throw new CliUsageException("give either --key-file or --keystore, not both");
        }
        if (passwordFile is not null && keystore is null)
        {
            throw new CliUsageException("--password-file goes with --keystore");
        }
        if (keystore is not null)
        {
            return KeystoreFile.Decrypt(keystore, Passwords.Read(passwordFile, $"password for {keystore}: "));
        }
        if (keyFile is not null)
        {
            return ChainContext.ReadKey(keyFile);
        }
        return _required ? throw new CliUsageException("this command signs: give --keystore FILE (with --password-file or a prompt) or --key-file FILE") : null;
    }
}
