using System.Globalization;
using System.Numerics;

namespace OnchainMarket.Ethereum;

/// <summary>Hex encoding as Ethereum uses it: lower case, <c>0x</c> prefix, quantities without leading zeros.</summary>
public static class HexConvert
{
    /// <summary>Encodes bytes as <c>0x</c>-prefixed lower-case hex.</summary>
    public static string ToHex(ReadOnlySpan<byte> bytes, bool prefix = true)
    {
        var hex = Convert.ToHexStringLower(bytes);
        return prefix ? "0x" + hex : hex;
    }

    /// <summary>Decodes hex with or without the <c>0x</c> prefix; an odd digit count is left-padded with a zero.</summary>
    /// <exception cref="FormatException">The text holds a character that is not a hex digit.</exception>
    public static byte[] FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (!TryFromHex(hex, out var bytes))
        {
            throw new FormatException($"'{Truncate(hex)}' is not valid hex.");
        }
        return bytes;
    }

    /// <summary>Non-throwing form of <see cref="FromHex"/>.</summary>
    public static bool TryFromHex(string? hex, out byte[] bytes)
    {
        bytes = [];
        if (hex is null)
        {
            return false;
        }
        var span = hex.AsSpan();
        if (span.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            span = span[2..];
        }
        if (span.Length % 2 == 1)
        {
            Span<char> padded = span.Length < 512 ? stackalloc char[span.Length + 1] : new char[span.Length + 1];
            padded[0] = '0';
            span.CopyTo(padded[1..]);
            return TryDecodeEven(padded, out bytes);
        }
        return TryDecodeEven(span, out bytes);
    }

    private static bool TryDecodeEven(ReadOnlySpan<char> span, out byte[] bytes)
    {
        bytes = new byte[span.Length / 2];
        return Convert.FromHexString(span, bytes, out _, out _) == System.Buffers.OperationStatus.Done;
    }

    /// <summary>Encodes a non-negative integer as a JSON-RPC quantity (<c>0x0</c>, <c>0x1a</c>).</summary>
    public static string ToQuantity(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A quantity cannot be negative.");
        }
        if (value.IsZero)
        {
            return "0x0";
        }
        var hex = value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
        return "0x" + hex;
    }

    /// <summary>Encodes a non-negative integer as a JSON-RPC quantity.</summary>
    public static string ToQuantity(long value) => ToQuantity(new BigInteger(value));

    /// <summary>Parses a JSON-RPC quantity (<c>0x</c> hex, no sign) into an unsigned integer.</summary>
    public static BigInteger ParseQuantity(string quantity)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        var span = quantity.AsSpan();
        if (!span.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"Quantity '{Truncate(quantity)}' lacks the 0x prefix.");
        }
        span = span[2..];
        if (span.Length == 0)
        {
            throw new FormatException("Quantity '0x' has no digits.");
        }
        if (!BigInteger.TryParse("0" + span.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"Quantity '{Truncate(quantity)}' is not valid hex.");
        }
        return value;
    }

    /// <summary>Big-endian unsigned bytes of a non-negative integer, without leading zeros (zero is empty).</summary>
    public static byte[] ToBigEndianUnsigned(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Value cannot be negative.");
        }
        return value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Interprets big-endian bytes as an unsigned integer.</summary>
    public static BigInteger FromBigEndianUnsigned(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    internal static string Truncate(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
