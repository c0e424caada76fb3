using System.Text.Json;
using Nethereum.KeyStore;
using Nethereum.KeyStore.Crypto;
using Nethereum.KeyStore.Model;
using Nethereum.Signer;
using OnchainMarket.Agent.Transactions;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>
/// Web3 Secret Storage keystores (scrypt or pbkdf2, AES-128-CTR), read and written by Nethereum.KeyStore, so geth's,
/// cast's and ours are interchangeable. Errors are one line that never contains key material.
/// </summary>
internal static class KeystoreFile
{
    public static EthECKey Decrypt(string path, string password)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"--keystore {path}: no such file");
        }
        if (OnchainMarket.Agent.State.PrivateFiles.SharedWarning(path) is { } warning)
        {
            Console.Error.WriteLine("warning: " + warning);
        }
        string json;
        try
        {
            json = File.ReadAllText(path);
            using var _ = JsonDocument.Parse(json);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"--keystore {path} is not a keystore (not readable JSON)");
        }
        byte[] secret;
        try
        {
            secret = new KeyStoreService().DecryptKeyStoreFromJson(password, json);
        }
        catch (DecryptionException)
        {
            throw new CliUsageException($"--keystore {path}: wrong password");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A corrupt or unsupported keystore: name the file and the kind of problem, not its contents.
            throw new CliUsageException($"--keystore {path} is not a usable keystore ({e.GetType().Name})");
        }
        try
        {
            return SigningKeys.FromBytes(secret);
        }
        catch (FormatException)
        {
            throw new CliUsageException($"--keystore {path} does not hold a valid secp256k1 key");
        }
        finally
        {
            Array.Clear(secret);
        }
    }

    /// <summary>Encrypts <paramref name="secret"/> (a private key) into a new keystore file; refuses to overwrite.</summary>
    public static void Write(string path, byte[] secret, string address, string password)
    {
        if (File.Exists(path))
        {
            throw new CliUsageException($"--keystore {path} already exists; not overwriting a keystore");
        }
        try
        {
            // geth's standard scrypt (N=2^18, r=8, p=1). Nethereum's default (r=1, p=8) is rejected by Foundry's scrypt,
            // which requires log2(N) < 16·r, so cast could not open it.
            var json = new KeyStoreScryptService().EncryptAndGenerateKeyStoreAsJson(password, secret, address, new ScryptParams { Dklen = 32, N = 262144, R = 8, P = 1 });
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(folder);
            // Created 0600 exclusively (O_EXCL: a planted symlink fails the creation), never chmod-ed afterwards.
            using var stream = new FileStream(path, OnchainMarket.Agent.State.PrivateFiles.NewFile());
            using var writer = new StreamWriter(stream);
            writer.Write(json);
        }
        finally
        {
            Array.Clear(secret);
        }
    }
}
