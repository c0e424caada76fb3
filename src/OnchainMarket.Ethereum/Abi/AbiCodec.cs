using System.Collections;
using System.Numerics;
using System.Text;

namespace OnchainMarket.Ethereum;

/// <summary>
/// Solidity ABI encoding and decoding. Values: integers as <see cref="BigInteger"/> (any .NET integer is accepted
/// when encoding), <see cref="Address"/>, <see cref="bool"/>, <c>byte[]</c> for <c>bytes</c>/<c>bytesN</c>
/// (<see cref="Hash32"/> accepted for <c>bytes32</c>), <see cref="string"/>, arrays and tuples as <c>object?[]</c>
/// (any <see cref="IList"/> is accepted when encoding).
/// </summary>
public static class AbiCodec
{
    /// <summary>Encodes values as the tuple of <paramref name="types"/> (function arguments, return data).</summary>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        return Encode(AbiType.Tuple(types.ToArray()), values);
    }

    /// <summary>Encodes one value of one type.</summary>
    public static byte[] Encode(AbiType type, object? value)
    {
        ArgumentNullException.ThrowIfNull(type);
        var buffer = new MemoryStream();
        EncodeValue(type, value, buffer, "value");
        return buffer.ToArray();
    }

    /// <summary>Decodes <paramref name="data"/> as the tuple of <paramref name="types"/>.</summary>
    /// <exception cref="AbiException">The data is too short or holds out-of-range offsets or values.</exception>
    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(types);
        return (object?[])Decode(AbiType.Tuple(types.ToArray()), data)!;
    }

    /// <summary>Decodes one value of one type placed at offset 0.</summary>
    public static object? Decode(AbiType type, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(type);
        return DecodeValue(type, data, 0, "value", 0);
    }

    /// <summary>Encodes a static value into one 32-byte word as an indexed event topic would hold it.</summary>
    public static Hash32 EncodeTopic(AbiType type, object? value)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsDynamic || type.Kind is AbiTypeKind.Tuple or AbiTypeKind.FixedArray)
        {
            // Indexed reference types are stored as the hash of their in-place encoding; strings and bytes unpadded.
            return type.Kind switch
            {
                AbiTypeKind.String => Keccak256.Hash(Encoding.UTF8.GetBytes((string)value!)),
                AbiTypeKind.Bytes => Keccak256.Hash(AsBytes(value, "topic")),
                _ => throw new AbiException($"Topic encoding of '{type}' is not supported; compare hashes instead."),
            };
        }
        return new Hash32(Encode(type, value));
    }

    private static void EncodeValue(AbiType type, object? value, MemoryStream output, string path)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            case AbiTypeKind.Int:
                WriteInteger(type, ToBigInteger(value, path), output, path);
                break;
            case AbiTypeKind.Address:
                var address = value switch
                {
                    Address a => a,
                    string s => Address.Parse(s),
                    _ => throw new AbiException($"{path}: expected an Address for 'address', got {Describe(value)}."),
                };
                output.Write(new byte[12]);
                output.Write(address.Span);
                break;
            case AbiTypeKind.Bool:
                if (value is not bool b)
                {
                    throw new AbiException($"{path}: expected a bool, got {Describe(value)}.");
                }
                var word = new byte[32];
                word[31] = b ? (byte)1 : (byte)0;
                output.Write(word);
                break;
            case AbiTypeKind.FixedBytes:
                var fixedBytes = AsBytes(value, path);
                if (fixedBytes.Length != type.Size)
                {
                    throw new AbiException($"{path}: '{type}' needs exactly {type.Size} bytes, got {fixedBytes.Length}.");
                }
                output.Write(fixedBytes);
                output.Write(new byte[32 - fixedBytes.Length]);
                break;
            case AbiTypeKind.Bytes:
            case AbiTypeKind.String:
                var payload = type.Kind == AbiTypeKind.String
                    ? Encoding.UTF8.GetBytes(value as string ?? throw new AbiException($"{path}: expected a string, got {Describe(value)}."))
                    : AsBytes(value, path);
                WriteInteger(AbiType.UInt256, payload.Length, output, path);
                output.Write(payload);
                output.Write(new byte[Padding(payload.Length)]);
                break;
            case AbiTypeKind.Array:
                var list = AsList(value, type, path);
                WriteInteger(AbiType.UInt256, list.Count, output, path);
                EncodeSequence(Enumerable.Repeat(type.Element!, list.Count).ToArray(), list, output, path);
                break;
            case AbiTypeKind.FixedArray:
                var fixedList = AsList(value, type, path);
                if (fixedList.Count != type.Length)
                {
                    throw new AbiException($"{path}: '{type}' needs {type.Length} elements, got {fixedList.Count}.");
                }
                EncodeSequence(Enumerable.Repeat(type.Element!, fixedList.Count).ToArray(), fixedList, output, path);
                break;
            case AbiTypeKind.Tuple:
                var fields = AsList(value, type, path);
                if (fields.Count != type.Components.Count)
                {
                    throw new AbiException($"{path}: tuple '{type}' needs {type.Components.Count} values, got {fields.Count}.");
                }
                EncodeSequence(type.Components.Select(c => c.Type).ToArray(), fields, output, path);
                break;
            default:
                throw new AbiException($"{path}: unsupported ABI type '{type}'.");
        }
    }

    private static void EncodeSequence(AbiType[] types, IList values, MemoryStream output, string path)
    {
        var headSize = types.Sum(t => t.HeadSize);
        var head = new MemoryStream();
        var tail = new MemoryStream();
        for (var i = 0; i < types.Length; i++)
        {
            var itemPath = path + "[" + i + "]";
            if (types[i].IsDynamic)
            {
                WriteInteger(AbiType.UInt256, headSize + tail.Length, head, itemPath);
                EncodeValue(types[i], values[i], tail, itemPath);
            }
            else
            {
                EncodeValue(types[i], values[i], head, itemPath);
            }
        }
        head.WriteTo(output);
        tail.WriteTo(output);
    }

    private static void WriteInteger(AbiType type, BigInteger value, Stream output, string path)
    {
        var bits = type.Size;
        if (type.Kind == AbiTypeKind.UInt)
        {
            if (value.Sign < 0 || value >= BigInteger.One << bits)
            {
                throw new AbiException($"{path}: {value} does not fit in {type}.");
            }
        }
        else if (value < -(BigInteger.One << (bits - 1)) || value >= BigInteger.One << (bits - 1))
        {
            throw new AbiException($"{path}: {value} does not fit in {type}.");
        }
        var word = new byte[32];
        if (value.Sign < 0)
        {
            word.AsSpan().Fill(0xff);
        }
        var bytes = value.ToByteArray(isUnsigned: value.Sign >= 0, isBigEndian: true);
        // Two's complement of a negative value needs no leading 0xff beyond sign extension, so trailing alignment is enough.
        var length = Math.Min(bytes.Length, 32);
        bytes.AsSpan(bytes.Length - length).CopyTo(word.AsSpan(32 - length));
        output.Write(word);
    }

    private static object? DecodeValue(AbiType type, ReadOnlySpan<byte> data, int offset, string path, int depth)
    {
        if (depth > 64)
        {
            throw new AbiException($"{path}: nesting deeper than 64 levels.");
        }
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            case AbiTypeKind.Int:
                return ReadInteger(type, Word(data, offset, path), path);
            case AbiTypeKind.Address:
                var addressWord = Word(data, offset, path);
                if (addressWord[..12].IndexOfAnyExcept((byte)0) >= 0)
                {
                    throw new AbiException($"{path}: address word has non-zero high bytes.");
                }
                return new Address(addressWord[12..]);
            case AbiTypeKind.Bool:
                var boolWord = Word(data, offset, path);
                if (boolWord[..31].IndexOfAnyExcept((byte)0) >= 0 || boolWord[31] > 1)
                {
                    throw new AbiException($"{path}: bool word is neither 0 nor 1.");
                }
                return boolWord[31] == 1;
            case AbiTypeKind.FixedBytes:
                var fixedWord = Word(data, offset, path);
                if (fixedWord[type.Size..].IndexOfAnyExcept((byte)0) >= 0)
                {
                    throw new AbiException($"{path}: '{type}' has non-zero padding.");
                }
                return fixedWord[..type.Size].ToArray();
            case AbiTypeKind.Bytes:
            case AbiTypeKind.String:
                var length = ReadLength(data, offset, path);
                var start = offset + 32;
                if ((long)start + length > data.Length)
                {
                    throw new AbiException($"{path}: {length} bytes of '{type}' run past the end of the data ({data.Length} bytes).");
                }
                var payload = data.Slice(start, length);
                if (type.Kind == AbiTypeKind.Bytes)
                {
                    return payload.ToArray();
                }
                try
                {
                    return new UTF8Encoding(false, true).GetString(payload);
                }
                catch (DecoderFallbackException e)
                {
                    throw new AbiException($"{path}: string is not valid UTF-8.", e);
                }
            case AbiTypeKind.Array:
                var count = ReadLength(data, offset, path);
                // Each element takes at least one word, which bounds the count before allocating.
                if ((long)count * type.Element!.HeadSize > data.Length - offset - 32L)
                {
                    throw new AbiException($"{path}: array length {count} exceeds the data.");
                }
                return DecodeSequence(Enumerable.Repeat(type.Element, count).ToArray(), data[(offset + 32)..], path, depth);
            case AbiTypeKind.FixedArray:
                return DecodeSequence(Enumerable.Repeat(type.Element!, type.Length).ToArray(), data[offset..], path, depth);
            case AbiTypeKind.Tuple:
                return DecodeSequence(type.Components.Select(c => c.Type).ToArray(), data[offset..], path, depth);
            default:
                throw new AbiException($"{path}: unsupported ABI type '{type}'.");
        }
    }

    private static object?[] DecodeSequence(AbiType[] types, ReadOnlySpan<byte> data, string path, int depth)
    {
        var result = new object?[types.Length];
        var headOffset = 0;
        for (var i = 0; i < types.Length; i++)
        {
            var itemPath = path + "[" + i + "]";
            if (types[i].IsDynamic)
            {
                var target = ReadLength(data, headOffset, itemPath);
                if (target > data.Length)
                {
                    throw new AbiException($"{itemPath}: offset {target} points past the end of the data.");
                }
                result[i] = DecodeValue(types[i], data, target, itemPath, depth + 1);
            }
            else
            {
                result[i] = DecodeValue(types[i], data, headOffset, itemPath, depth + 1);
            }
            headOffset += types[i].HeadSize;
        }
        return result;
    }

    private static ReadOnlySpan<byte> Word(ReadOnlySpan<byte> data, int offset, string path)
    {
        if (offset < 0 || (long)offset + 32 > data.Length)
        {
            throw new AbiException($"{path}: data ends at {data.Length} bytes, before the word at offset {offset}.");
        }
        return data.Slice(offset, 32);
    }

    private static int ReadLength(ReadOnlySpan<byte> data, int offset, string path)
    {
        var value = HexConvert.FromBigEndianUnsigned(Word(data, offset, path));
        if (value > int.MaxValue)
        {
            throw new AbiException($"{path}: length or offset {value} is out of range.");
        }
        return (int)value;
    }

    private static BigInteger ReadInteger(AbiType type, ReadOnlySpan<byte> word, string path)
    {
        if (type.Kind == AbiTypeKind.UInt)
        {
            var value = HexConvert.FromBigEndianUnsigned(word);
            if (value >= BigInteger.One << type.Size)
            {
                throw new AbiException($"{path}: {value} does not fit in {type}.");
            }
            return value;
        }
        var signed = new BigInteger(word, isUnsigned: false, isBigEndian: true);
        if (signed < -(BigInteger.One << (type.Size - 1)) || signed >= BigInteger.One << (type.Size - 1))
        {
            throw new AbiException($"{path}: {signed} does not fit in {type}.");
        }
        return signed;
    }

    private static int Padding(int length) => (32 - (length % 32)) % 32;

    internal static BigInteger ToBigInteger(object? value, string path) => value switch
    {
        BigInteger v => v,
        int v => v,
        long v => v,
        uint v => v,
        ulong v => v,
        short v => v,
        ushort v => v,
        byte v => v,
        sbyte v => v,
        UInt128 v => (BigInteger)v,
        Int128 v => (BigInteger)v,
        string s when s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) => HexConvert.ParseQuantity(s),
        string s when BigInteger.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new AbiException($"{path}: expected an integer, got {Describe(value)}."),
    };

    private static byte[] AsBytes(object? value, string path) => value switch
    {
        byte[] bytes => bytes,
        Hash32 hash => hash.ToArray(),
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        string s when s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) => HexConvert.FromHex(s),
        _ => throw new AbiException($"{path}: expected bytes, got {Describe(value)}."),
    };

    private static IList AsList(object? value, AbiType type, string path) => value switch
    {
        IList list => list,
        System.Runtime.CompilerServices.ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => tuple[i]).ToArray(),
        _ => throw new AbiException($"{path}: expected a list for '{type}', got {Describe(value)}."),
    };

    private static string Describe(object? value) => value is null ? "null" : value.GetType().Name;
}
