namespace OnchainMarket.Ethereum;

/// <summary>A 20-byte account address; <see cref="ToString"/> gives the EIP-55 checksummed form.</summary>
public readonly struct Address : IEquatable<Address>
{
    // A private copy, never exposed mutably, so the value stays immutable; null means all zero.
    private readonly byte[]? _bytes;
    private static readonly byte[] ZeroBytes = new byte[20];

    /// <summary>The zero address.</summary>
    public static Address Zero => default;

    /// <summary>Creates an address from exactly 20 bytes.</summary>
    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 20)
        {
            throw new ArgumentException($"An address needs 20 bytes, got {bytes.Length}.", nameof(bytes));
        }
        _bytes = bytes.ToArray();
    }

    /// <summary>The 20 bytes.</summary>
    public ReadOnlySpan<byte> Span => _bytes ?? ZeroBytes;

    /// <summary>A copy of the 20 bytes.</summary>
    public byte[] ToArray() => Span.ToArray();

    /// <summary>True for the zero address.</summary>
    public bool IsZero => Span.IndexOfAnyExcept((byte)0) < 0;

    /// <summary>Parses <c>0x</c> + 40 hex digits; mixed case must carry a valid EIP-55 checksum.</summary>
    public static Address Parse(string text)
    {
        if (!TryParse(text, out var address, out var error))
        {
            throw new FormatException(error);
        }
        return address;
    }

    /// <summary>Non-throwing form of <see cref="Parse"/>.</summary>
    public static bool TryParse(string? text, out Address address) => TryParse(text, out address, out _);

    private static bool TryParse(string? text, out Address address, out string error)
    {
        address = default;
        if (text is null || text.Length != 42 || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{HexConvert.Truncate(text ?? "")}' is not an address: expected 0x followed by 40 hex digits.";
            return false;
        }
        if (!HexConvert.TryFromHex(text, out var bytes))
        {
            error = $"'{text}' is not an address: it contains a non-hex character.";
            return false;
        }
        var digits = text.AsSpan(2);
        var hasUpper = digits.IndexOfAnyInRange('A', 'F') >= 0;
        var hasLower = digits.IndexOfAnyInRange('a', 'f') >= 0;
        var candidate = new Address(bytes);
        if (hasUpper && hasLower && !string.Equals(candidate.ToString(), text, StringComparison.Ordinal))
        {
            error = $"'{text}' has an invalid EIP-55 checksum (expected {candidate}).";
            return false;
        }
        address = candidate;
        error = "";
        return true;
    }

    /// <summary>The EIP-55 mixed-case checksummed hex form.</summary>
    public override string ToString()
    {
        var lower = Convert.ToHexStringLower(Span);
        var hash = Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(lower));
        var chars = new char[42];
        chars[0] = '0';
        chars[1] = 'x';
        for (var i = 0; i < 40; i++)
        {
            var c = lower[i];
            var nibble = (hash.Span[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
            chars[i + 2] = c >= 'a' && nibble >= 8 ? char.ToUpperInvariant(c) : c;
        }
        return new string(chars);
    }

    /// <summary>Lower-case hex with the 0x prefix (as topics and JSON-RPC filters take it).</summary>
    public string ToLowerHex() => HexConvert.ToHex(Span);

    /// <inheritdoc />
    public bool Equals(Address other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Address other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(Span[16..]);

    /// <summary>Equality.</summary>
    public static bool operator ==(Address left, Address right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Address left, Address right) => !left.Equals(right);

}
