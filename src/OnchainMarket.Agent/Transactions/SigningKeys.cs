using Nethereum.Signer;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Transactions;

/// <summary>
/// Private keys as Nethereum's <see cref="EthECKey"/>, parsed with errors that say what is wrong without echoing
/// the key (Nethereum's own parser throws whatever its hex and curve code throw).
/// </summary>
public static class SigningKeys
{
    /// <summary>Parses 32 bytes of hex, with or without 0x, as a secp256k1 private key in [1, n-1].</summary>
    /// <exception cref="FormatException">The text is not 64 hex digits or not a valid key.</exception>
    public static EthECKey FromHex(string privateKeyHex)
    {
        ArgumentNullException.ThrowIfNull(privateKeyHex);
        var text = privateKeyHex.Trim();
        if (!HexConvert.TryFromHex(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text : "0x" + text, out var bytes) || bytes.Length != 32)
        {
            throw new FormatException("A private key must be 32 bytes of hex (64 digits).");
        }
        return FromBytes(bytes);
    }

    /// <summary>A key from its 32 bytes.</summary>
    /// <exception cref="FormatException">The bytes are not a valid secp256k1 scalar.</exception>
    public static EthECKey FromBytes(byte[] privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        if (privateKey.Length != 32 || privateKey.All(b => b == 0) || !BelowCurveOrder(privateKey))
        {
            throw new FormatException("The private key is not a valid secp256k1 key (32 bytes in [1, n-1]).");
        }
        // A copy: callers clear their buffer once the key is made (KeystoreFile does), the key must not change with it.
        return new EthECKey([.. privateKey], true);
    }

    /// <summary>The key's account.</summary>
    public static Address Address(this EthECKey key) => OnchainMarket.Ethereum.Address.Parse(key.GetPublicAddress());

    // n of secp256k1, big-endian: a key at or above it is no scalar (Nethereum would reduce it silently).
    private static readonly byte[] CurveOrder = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");

    private static bool BelowCurveOrder(byte[] key) => key.AsSpan().SequenceCompareTo(CurveOrder) < 0;
}
