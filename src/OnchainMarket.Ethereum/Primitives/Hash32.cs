namespace OnchainMarket.Ethereum;

/// <summary>A 32-byte value: a block or transaction hash, a log topic, a storage word.</summary>
public readonly struct Hash32 : IEquatable<Hash32>
{
    // A private copy, never exposed mutably, so the value stays immutable; null means all zero.
    private readonly byte[]? _bytes;
    private static readonly byte[] ZeroBytes = new byte[32];

    /// <summary>The all-zero hash.</summary>
    public static Hash32 Zero => default;

    /// <summary>Creates a hash from exactly 32 bytes.</summary>
    public Hash32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
        {
            throw new ArgumentException($"A Hash32 needs 32 bytes, got {bytes.Length}.", nameof(bytes));
        }
        _bytes = bytes.ToArray();
    }

    /// <summary>The 32 bytes.</summary>
    public ReadOnlySpan<byte> Span => _bytes ?? ZeroBytes;

    /// <summary>A copy of the 32 bytes.</summary>
    public byte[] ToArray() => Span.ToArray();

    /// <summary>Parses <c>0x</c> + 64 hex digits.</summary>
    public static Hash32 Parse(string hex)
    {
        if (!TryParse(hex, out var hash))
        {
            throw new FormatException($"'{HexConvert.Truncate(hex ?? "")}' is not a 32-byte hex hash.");
        }
        return hash;
    }

    /// <summary>Non-throwing form of <see cref="Parse"/>.</summary>
    public static bool TryParse(string? hex, out Hash32 hash)
    {
        hash = default;
        if (hex is null || hex.Length != 66 || !hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || !HexConvert.TryFromHex(hex, out var bytes))
        {
            return false;
        }
        hash = new Hash32(bytes);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(Hash32 other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Hash32 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(Span);

    /// <summary>Lower-case hex with the 0x prefix.</summary>
    public override string ToString() => HexConvert.ToHex(Span);

    /// <summary>Equality.</summary>
    public static bool operator ==(Hash32 left, Hash32 right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Hash32 left, Hash32 right) => !left.Equals(right);

}
