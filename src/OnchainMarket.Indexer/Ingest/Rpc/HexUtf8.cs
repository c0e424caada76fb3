namespace OnchainMarket.Indexer.Ingest.Rpc;

/// <summary>
/// Decodes the 0x-prefixed hex strings of a JSON-RPC answer straight from its UTF-8 bytes, without making a
/// .NET string of each value first (a dense eth_getLogs answer holds hundreds of thousands of them).
/// </summary>
internal static class HexUtf8
{
    private static readonly sbyte[] Nibbles = BuildNibbles();

    /// <summary>The bytes of "0x…" (an even number of digits); false for anything else.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> text, Span<byte> destination, out int written)
    {
        written = 0;
        if (!HasPrefix(text) || (text.Length & 1) != 0 || destination.Length < (text.Length - 2) / 2)
        {
            return false;
        }
        for (var i = 2; i < text.Length; i += 2)
        {
            int high = Nibbles[text[i]];
            int low = Nibbles[text[i + 1]];
            if (high < 0 || low < 0)
            {
                return false;
            }
            destination[written++] = (byte)((high << 4) | low);
        }
        return true;
    }

    /// <summary>The number of bytes "0x…" decodes to, or -1 when the digit count is odd or the prefix is missing.</summary>
    public static int DecodedLength(ReadOnlySpan<byte> text) => HasPrefix(text) && (text.Length & 1) == 0 ? (text.Length - 2) / 2 : -1;

    /// <summary>A JSON-RPC quantity ("0x0", "0x1a", no leading zeros required) that fits a long.</summary>
    public static bool TryQuantity(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (!HasPrefix(text) || text.Length == 2 || text.Length > 18)
        {
            return false;
        }
        for (var i = 2; i < text.Length; i++)
        {
            var nibble = Nibbles[text[i]];
            if (nibble < 0)
            {
                return false;
            }
            value = (value << 4) | (long)nibble;
        }
        return value >= 0;
    }

    private static bool HasPrefix(ReadOnlySpan<byte> text) => text.Length >= 2 && text[0] == (byte)'0' && (text[1] | 0x20) == (byte)'x';

    private static sbyte[] BuildNibbles()
    {
        var table = new sbyte[256];
        Array.Fill(table, (sbyte)-1);
        for (var c = '0'; c <= '9'; c++)
        {
            table[c] = (sbyte)(c - '0');
        }
        for (var c = 'a'; c <= 'f'; c++)
        {
            table[c] = (sbyte)(c - 'a' + 10);
            table[char.ToUpperInvariant(c)] = (sbyte)(c - 'a' + 10);
        }
        return table;
    }
}
