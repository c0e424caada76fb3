using Org.BouncyCastle.Crypto.Digests;

namespace OnchainMarket.Ethereum;

/// <summary>Keccak-256 as Ethereum uses it (the original Keccak padding, not SHA3-256).</summary>
public static class Keccak256
{
    /// <summary>Hashes the bytes.</summary>
    public static Hash32 Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> output = stackalloc byte[32];
        Hash(data, output);
        return new Hash32(output);
    }

    /// <summary>Hashes the bytes into <paramref name="output"/> (32 bytes).</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> output)
    {
        if (output.Length < 32)
        {
            throw new ArgumentException("Output must hold 32 bytes.", nameof(output));
        }
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data);
        digest.DoFinal(output);
    }

    /// <summary>Hashes the UTF-8 bytes of a string (event and function signatures).</summary>
    public static Hash32 Hash(string text) => Hash(System.Text.Encoding.UTF8.GetBytes(text));
}
