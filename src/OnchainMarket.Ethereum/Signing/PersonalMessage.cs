using System.Globalization;
using System.Text;

namespace OnchainMarket.Ethereum;

/// <summary>EIP-191 version 0x45 (<c>personal_sign</c>) message hashing.</summary>
public static class PersonalMessage
{
    /// <summary>keccak256("\x19Ethereum Signed Message:\n" + len(message) + message).</summary>
    public static Hash32 Hash(ReadOnlySpan<byte> message)
    {
        var prefix = Encoding.ASCII.GetBytes("\u0019Ethereum Signed Message:\n" + message.Length.ToString(CultureInfo.InvariantCulture));
        var buffer = new byte[prefix.Length + message.Length];
        prefix.CopyTo(buffer, 0);
        message.CopyTo(buffer.AsSpan(prefix.Length));
        return Keccak256.Hash(buffer);
    }

    /// <summary>Hash of a UTF-8 text message.</summary>
    public static Hash32 Hash(string message) => Hash(Encoding.UTF8.GetBytes(message));

    /// <summary>The address that signed a personal message.</summary>
    public static Address Recover(ReadOnlySpan<byte> message, Signature signature) => Secp256k1.RecoverAddress(Hash(message), signature);
}
