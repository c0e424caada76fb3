using System.Numerics;

namespace OnchainMarket.Ethereum;

/// <summary>Recursive Length Prefix encoding (Ethereum yellow paper, appendix B).</summary>
public static class Rlp
{
    /// <summary>Encodes an item tree.</summary>
    public static byte[] Encode(RlpItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Bytes is { } bytes)
        {
            return EncodeBytes(bytes);
        }
        var children = item.Items!.Select(Encode).ToArray();
        return EncodeList(children);
    }

    /// <summary>Encodes a byte string.</summary>
    public static byte[] EncodeBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 1 && bytes[0] < 0x80)
        {
            return [bytes[0]];
        }
        var prefix = Prefix(0x80, bytes.Length);
        var result = new byte[prefix.Length + bytes.Length];
        prefix.CopyTo(result, 0);
        bytes.CopyTo(result.AsSpan(prefix.Length));
        return result;
    }

    /// <summary>Encodes an unsigned integer as its minimal big-endian byte string (zero is empty).</summary>
    public static byte[] EncodeInteger(BigInteger value) => EncodeBytes(HexConvert.ToBigEndianUnsigned(value));

    /// <summary>Wraps already encoded items in a list header.</summary>
    public static byte[] EncodeList(params byte[][] encodedItems)
    {
        var length = encodedItems.Sum(e => e.Length);
        var prefix = Prefix(0xc0, length);
        var result = new byte[prefix.Length + length];
        prefix.CopyTo(result, 0);
        var offset = prefix.Length;
        foreach (var e in encodedItems)
        {
            e.CopyTo(result, offset);
            offset += e.Length;
        }
        return result;
    }

    private static byte[] Prefix(byte offset, int length)
    {
        if (length <= 55)
        {
            return [(byte)(offset + length)];
        }
        var lengthBytes = HexConvert.ToBigEndianUnsigned(length);
        var prefix = new byte[1 + lengthBytes.Length];
        prefix[0] = (byte)(offset + 55 + lengthBytes.Length);
        lengthBytes.CopyTo(prefix, 1);
        return prefix;
    }

    /// <summary>Decodes exactly one item that spans the whole input.</summary>
    /// <exception cref="FormatException">The input is truncated, has trailing bytes or is not canonical.</exception>
    public static RlpItem Decode(ReadOnlySpan<byte> data)
    {
        var item = DecodeAt(data, 0, out var consumed);
        if (consumed != data.Length)
        {
            throw new FormatException($"RLP: {data.Length - consumed} trailing byte(s) after the item.");
        }
        return item;
    }

    private static RlpItem DecodeAt(ReadOnlySpan<byte> data, int position, out int consumed)
    {
        if (position >= data.Length)
        {
            throw new FormatException("RLP: input ends before an item starts.");
        }
        var b = data[position];
        if (b < 0x80)
        {
            consumed = 1;
            return RlpItem.FromBytes([b]);
        }
        var isList = b >= 0xc0;
        var baseOffset = isList ? 0xc0 : 0x80;
        int headerLength;
        int payloadLength;
        if (b - baseOffset <= 55)
        {
            headerLength = 1;
            payloadLength = b - baseOffset;
            if (!isList && payloadLength == 1 && position + 1 < data.Length && data[position + 1] < 0x80)
            {
                throw new FormatException("RLP: a single byte below 0x80 must encode as itself.");
            }
        }
        else
        {
            var lengthOfLength = b - baseOffset - 55;
            if (position + 1 + lengthOfLength > data.Length)
            {
                throw new FormatException("RLP: length prefix runs past the end of the input.");
            }
            var lengthBytes = data.Slice(position + 1, lengthOfLength);
            if (lengthBytes[0] == 0)
            {
                throw new FormatException("RLP: length has leading zeros.");
            }
            var length = HexConvert.FromBigEndianUnsigned(lengthBytes);
            if (length > int.MaxValue)
            {
                throw new FormatException("RLP: length is too large.");
            }
            payloadLength = (int)length;
            if (payloadLength <= 55)
            {
                throw new FormatException("RLP: long form used for a short payload.");
            }
            headerLength = 1 + lengthOfLength;
        }
        var start = position + headerLength;
        if ((long)start + payloadLength > data.Length)
        {
            throw new FormatException($"RLP: item of {payloadLength} bytes runs past the end of the input.");
        }
        consumed = headerLength + payloadLength;
        if (!isList)
        {
            return RlpItem.FromBytes(data.Slice(start, payloadLength).ToArray());
        }
        var items = new List<RlpItem>();
        var cursor = start;
        var end = start + payloadLength;
        while (cursor < end)
        {
            var child = DecodeAt(data[..end], cursor, out var used);
            items.Add(child);
            cursor += used;
        }
        return RlpItem.FromList(items);
    }
}
