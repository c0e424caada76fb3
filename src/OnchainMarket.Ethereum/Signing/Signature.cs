using System.Numerics;

namespace OnchainMarket.Ethereum;

/// <summary>A secp256k1 ECDSA signature with its recovery id (y parity of R).</summary>
public readonly struct Signature : IEquatable<Signature>
{
    /// <summary>Creates a signature.</summary>
    public Signature(BigInteger r, BigInteger s, byte yParity)
    {
        if (yParity > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(yParity), yParity, "Recovery id must be 0 or 1.");
        }
        R = r;
        S = s;
        YParity = yParity;
    }

    /// <summary>The r value.</summary>
    public BigInteger R { get; }

    /// <summary>The s value (low-s when produced by <see cref="EthereumKey"/>).</summary>
    public BigInteger S { get; }

    /// <summary>0 or 1.</summary>
    public byte YParity { get; }

    /// <summary>27 + y parity, as <c>personal_sign</c> and EIP-712 signatures carry it.</summary>
    public byte V => (byte)(27 + YParity);

    /// <summary>r ‖ s ‖ v (65 bytes, v = 27/28).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[65];
        Write32(R, bytes.AsSpan(0, 32));
        Write32(S, bytes.AsSpan(32, 32));
        bytes[64] = V;
        return bytes;
    }

    /// <summary>Reads r ‖ s ‖ v; v may be 0/1 or 27/28.</summary>
    public static Signature FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 65)
        {
            throw new FormatException($"A signature has 65 bytes, got {bytes.Length}.");
        }
        var v = bytes[64];
        var parity = v switch
        {
            0 or 1 => v,
            27 or 28 => (byte)(v - 27),
            _ => throw new FormatException($"Signature v must be 0, 1, 27 or 28, got {v}."),
        };
        return new Signature(HexConvert.FromBigEndianUnsigned(bytes[..32]), HexConvert.FromBigEndianUnsigned(bytes[32..64]), parity);
    }

    private static void Write32(BigInteger value, Span<byte> destination)
    {
        var raw = HexConvert.ToBigEndianUnsigned(value);
        destination.Clear();
        raw.CopyTo(destination[(32 - raw.Length)..]);
    }

    /// <summary>Hex of the 65-byte form.</summary>
    public override string ToString() => HexConvert.ToHex(ToBytes());

    /// <inheritdoc />
    public bool Equals(Signature other) => R == other.R && S == other.S && YParity == other.YParity;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Signature other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(R, S, YParity);

    /// <summary>Equality.</summary>
    public static bool operator ==(Signature left, Signature right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Signature left, Signature right) => !left.Equals(right);
}
