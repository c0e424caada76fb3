using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace OnchainMarket.Ethereum.Tests.Support;

/// <summary>Random ABI types and values, their cast command-line spelling, and a canonical form to compare decodings.</summary>
internal sealed class AbiFuzz(int seed)
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private readonly Random _random = new(seed);

    public Random Random => _random;

    public AbiType NextType(int depth = 0)
    {
        var pick = _random.Next(depth >= 2 ? 7 : 10);
        return pick switch
        {
            0 => AbiType.Parse("uint" + (8 * _random.Next(1, 33)).ToString(CultureInfo.InvariantCulture)),
            1 => AbiType.Parse("int" + (8 * _random.Next(1, 33)).ToString(CultureInfo.InvariantCulture)),
            2 => AbiType.AddressType,
            3 => AbiType.BoolType,
            4 => AbiType.Parse("bytes" + _random.Next(1, 33).ToString(CultureInfo.InvariantCulture)),
            5 => AbiType.BytesType,
            6 => AbiType.StringType,
            7 => AbiType.ArrayOf(NextType(depth + 1)),
            8 => AbiType.FixedArrayOf(NextType(depth + 1), _random.Next(1, 4)),
            _ => AbiType.Tuple(Enumerable.Range(0, _random.Next(1, 4)).Select(_ => NextType(depth + 1)).ToArray()),
        };
    }

    public object? NextValue(AbiType type) => type.Kind switch
    {
        AbiTypeKind.UInt => NextUnsigned(type.Size),
        AbiTypeKind.Int => NextUnsigned(type.Size) - (BigInteger.One << (type.Size - 1)),
        AbiTypeKind.Address => new Address(Bytes(20)),
        AbiTypeKind.Bool => _random.Next(2) == 1,
        AbiTypeKind.FixedBytes => Bytes(type.Size),
        AbiTypeKind.Bytes => Bytes(_random.Next(0, 70)),
        AbiTypeKind.String => NextString(),
        AbiTypeKind.Array => Enumerable.Range(0, _random.Next(0, 4)).Select(_ => NextValue(type.Element!)).ToArray(),
        AbiTypeKind.FixedArray => Enumerable.Range(0, type.Length).Select(_ => NextValue(type.Element!)).ToArray(),
        _ => type.Components.Select(c => NextValue(c.Type)).ToArray(),
    };

    private BigInteger NextUnsigned(int bits)
    {
        // Edge values (0, 1, max) often; otherwise a random width so small and large numbers both occur.
        var max = (BigInteger.One << bits) - 1;
        return _random.Next(6) switch
        {
            0 => BigInteger.Zero,
            1 => BigInteger.One,
            2 => max,
            _ => new BigInteger(Bytes(_random.Next(1, bits / 8 + 1)), isUnsigned: true) & max,
        };
    }

    private static readonly string[] ExtraPieces = ["0", "7", "9", " ", ",", "é", "ü", "€", "💡"];

    private string NextString()
    {
        var length = _random.Next(1, 40);
        var builder = new StringBuilder();
        builder.Append(Letters[_random.Next(Letters.Length)]);
        for (var i = 1; i < length; i++)
        {
            builder.Append(_random.Next(4) == 0 ? ExtraPieces[_random.Next(ExtraPieces.Length)] : Letters[_random.Next(Letters.Length)].ToString());
        }
        return builder.ToString().TrimEnd();
    }

    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>How cast's argument parser spells a value.</summary>
    public static string ToCastArgument(AbiType type, object? value, bool nested = false) => type.Kind switch
    {
        AbiTypeKind.UInt or AbiTypeKind.Int => ((BigInteger)value!).ToString(CultureInfo.InvariantCulture),
        AbiTypeKind.Address => ((Address)value!).ToString(),
        AbiTypeKind.Bool => (bool)value! ? "true" : "false",
        AbiTypeKind.FixedBytes or AbiTypeKind.Bytes => HexConvert.ToHex((byte[])value!),
        AbiTypeKind.String => nested ? "\"" + (string)value! + "\"" : (string)value!,
        AbiTypeKind.Array or AbiTypeKind.FixedArray => "[" + string.Join(",", ((object?[])value!).Select(v => ToCastArgument(type.Element!, v, true))) + "]",
        _ => "(" + string.Join(",", ((object?[])value!).Select((v, i) => ToCastArgument(type.Components[i].Type, v, true))) + ")",
    };

    /// <summary>A canonical text of one of our values: numbers in decimal, hex in lower case, lists in brackets.</summary>
    public static string Canonical(object? value) => value switch
    {
        BigInteger n => n.ToString(CultureInfo.InvariantCulture),
        Address a => a.ToLowerHex(),
        bool b => b ? "true" : "false",
        byte[] bytes => HexConvert.ToHex(bytes),
        string s => "'" + s + "'",
        Hash32 h => h.ToString(),
        object?[] list => "[" + string.Join(",", list.Select(Canonical)) + "]",
        _ => throw new ArgumentException($"unexpected value {value}"),
    };

    /// <summary>The same canonical text for cast's <c>--json</c> output, given the types (cast prints numbers as numbers or strings).</summary>
    public static string Canonical(AbiType type, JsonElement json) => type.Kind switch
    {
        AbiTypeKind.UInt or AbiTypeKind.Int => json.ValueKind == JsonValueKind.Number ? json.GetRawText() : BigInteger.Parse(json.GetString()!, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        AbiTypeKind.Address or AbiTypeKind.FixedBytes or AbiTypeKind.Bytes => json.GetString()!.ToLowerInvariant(),
        AbiTypeKind.Bool => json.GetBoolean() ? "true" : "false",
        AbiTypeKind.String => "'" + json.GetString() + "'",
        AbiTypeKind.Array or AbiTypeKind.FixedArray => "[" + string.Join(",", json.EnumerateArray().Select(e => Canonical(type.Element!, e))) + "]",
        _ => "[" + string.Join(",", json.EnumerateArray().Select((e, i) => Canonical(type.Components[i].Type, e))) + "]",
    };
}
