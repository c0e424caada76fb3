using System.Globalization;
using System.Text.Json;

namespace OnchainMarket.Ethereum;

/// <summary>A parsed Solidity ABI type, from a canonical string (<c>(uint256,bytes)[]</c>) or forge JSON.</summary>
public sealed class AbiType : IEquatable<AbiType>
{
    private AbiType(AbiTypeKind kind, int size, AbiType? element, int length, IReadOnlyList<AbiParameter>? components)
    {
        Kind = kind;
        Size = size;
        Element = element;
        Length = length;
        Components = components ?? [];
        CanonicalName = BuildName();
        IsDynamic = kind switch
        {
            AbiTypeKind.Bytes or AbiTypeKind.String or AbiTypeKind.Array => true,
            AbiTypeKind.FixedArray => element!.IsDynamic,
            AbiTypeKind.Tuple => Components.Any(c => c.Type.IsDynamic),
            _ => false,
        };
        HeadSize = IsDynamic ? 32 : kind switch
        {
            AbiTypeKind.FixedArray => length * element!.HeadSize,
            AbiTypeKind.Tuple => Components.Sum(c => c.Type.HeadSize),
            _ => 32,
        };
    }

    /// <summary>The shape.</summary>
    public AbiTypeKind Kind { get; }

    /// <summary>Bits for <c>uintN</c>/<c>intN</c>, bytes for <c>bytesN</c>, else 0.</summary>
    public int Size { get; }

    /// <summary>The element type of an array.</summary>
    public AbiType? Element { get; }

    /// <summary>The length of a fixed array, else 0.</summary>
    public int Length { get; }

    /// <summary>Tuple components (empty for other kinds).</summary>
    public IReadOnlyList<AbiParameter> Components { get; }

    /// <summary>The canonical type string used in signatures, e.g. <c>(uint256,address)[]</c>.</summary>
    public string CanonicalName { get; }

    /// <summary>Whether the encoding lives in the tail (has a variable length).</summary>
    public bool IsDynamic { get; }

    /// <summary>Bytes taken in the head of an enclosing tuple.</summary>
    public int HeadSize { get; }

    /// <summary><c>uint256</c>.</summary>
    public static AbiType UInt256 { get; } = new(AbiTypeKind.UInt, 256, null, 0, null);

    /// <summary><c>address</c>.</summary>
    public static AbiType AddressType { get; } = new(AbiTypeKind.Address, 0, null, 0, null);

    /// <summary><c>bool</c>.</summary>
    public static AbiType BoolType { get; } = new(AbiTypeKind.Bool, 0, null, 0, null);

    /// <summary><c>string</c>.</summary>
    public static AbiType StringType { get; } = new(AbiTypeKind.String, 0, null, 0, null);

    /// <summary><c>bytes</c>.</summary>
    public static AbiType BytesType { get; } = new(AbiTypeKind.Bytes, 0, null, 0, null);

    /// <summary>A tuple of the given components.</summary>
    public static AbiType Tuple(IReadOnlyList<AbiParameter> components) => new(AbiTypeKind.Tuple, 0, null, 0, components);

    /// <summary>A tuple of unnamed components.</summary>
    public static AbiType Tuple(params AbiType[] components) => Tuple(components.Select(c => new AbiParameter("", c)).ToArray());

    /// <summary><c>T[]</c>.</summary>
    public static AbiType ArrayOf(AbiType element) => new(AbiTypeKind.Array, 0, element, 0, null);

    /// <summary><c>T[k]</c>.</summary>
    public static AbiType FixedArrayOf(AbiType element, int length)
    {
        if (length <= 0)
        {
            throw new AbiException($"Fixed array length must be positive, got {length}.");
        }
        return new(AbiTypeKind.FixedArray, 0, element, length, null);
    }

    /// <summary>Parses a canonical type string such as <c>uint8</c>, <c>bytes32[2]</c> or <c>(address,(bool,string)[])[]</c>.</summary>
    /// <exception cref="AbiException">The text is not a valid ABI type.</exception>
    public static AbiType Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var position = 0;
        var type = ParseAt(trimmed, ref position);
        if (position != trimmed.Length)
        {
            throw new AbiException($"Unexpected '{trimmed[position..]}' in ABI type '{text}'.");
        }
        return type;
    }

    private static AbiType ParseAt(string text, ref int position)
    {
        AbiType baseType;
        if (position < text.Length && text[position] == '(')
        {
            position++;
            var components = new List<AbiParameter>();
            if (position < text.Length && text[position] == ')')
            {
                position++;
            }
            else
            {
                while (true)
                {
                    components.Add(new AbiParameter("", ParseAt(text, ref position)));
                    if (position >= text.Length)
                    {
                        throw new AbiException($"Unclosed tuple in ABI type '{text}'.");
                    }
                    var c = text[position++];
                    if (c == ')')
                    {
                        break;
                    }
                    if (c != ',')
                    {
                        throw new AbiException($"Expected ',' or ')' at position {position - 1} in ABI type '{text}'.");
                    }
                }
            }
            baseType = Tuple(components);
        }
        else
        {
            var start = position;
            while (position < text.Length && char.IsAsciiLetterOrDigit(text[position]))
            {
                position++;
            }
            baseType = ParseElementary(text[start..position], text);
        }
        return ParseSuffixes(text, ref position, baseType);
    }

    private static AbiType ParseSuffixes(string text, ref int position, AbiType type)
    {
        while (position < text.Length && text[position] == '[')
        {
            var close = text.IndexOf(']', position);
            if (close < 0)
            {
                throw new AbiException($"Unclosed '[' in ABI type '{text}'.");
            }
            var inner = text[(position + 1)..close];
            if (inner.Length == 0)
            {
                type = ArrayOf(type);
            }
            else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length > 0)
            {
                type = FixedArrayOf(type, length);
            }
            else
            {
                throw new AbiException($"Invalid array length '{inner}' in ABI type '{text}'.");
            }
            position = close + 1;
        }
        return type;
    }

    private static AbiType ParseElementary(string name, string whole)
    {
        switch (name)
        {
            case "address":
                return AddressType;
            case "bool":
                return BoolType;
            case "string":
                return StringType;
            case "bytes":
                return BytesType;
            case "uint":
                return UInt256;
            case "int":
                return new AbiType(AbiTypeKind.Int, 256, null, 0, null);
            case "function":
                return new AbiType(AbiTypeKind.FixedBytes, 24, null, 0, null);
            case "":
                throw new AbiException($"Missing type name in ABI type '{whole}'.");
        }
        if (name.StartsWith("uint", StringComparison.Ordinal) && TryBits(name[4..], out var ubits))
        {
            return new AbiType(AbiTypeKind.UInt, ubits, null, 0, null);
        }
        if (name.StartsWith("int", StringComparison.Ordinal) && TryBits(name[3..], out var ibits))
        {
            return new AbiType(AbiTypeKind.Int, ibits, null, 0, null);
        }
        if (name.StartsWith("bytes", StringComparison.Ordinal)
            && int.TryParse(name[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 32 && name[5] != '0')
        {
            return new AbiType(AbiTypeKind.FixedBytes, n, null, 0, null);
        }
        throw new AbiException($"Unknown ABI type '{name}' in '{whole}'.");
    }

    private static bool TryBits(string digits, out int bits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out bits)
        && digits[0] != '0' && bits is >= 8 and <= 256 && bits % 8 == 0;

    /// <summary>Builds a type from one forge/solc JSON ABI parameter (<c>type</c>, <c>components</c>).</summary>
    public static AbiType FromJson(JsonElement parameter)
    {
        var typeName = parameter.GetProperty("type").GetString() ?? throw new AbiException("ABI parameter has a null type.");
        if (!typeName.StartsWith("tuple", StringComparison.Ordinal))
        {
            return Parse(typeName);
        }
        if (!parameter.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Array)
        {
            throw new AbiException($"ABI parameter of type '{typeName}' lacks its components.");
        }
        var tuple = Tuple(components.EnumerateArray().Select(ParameterFromJson).ToArray());
        var position = 5;
        var type = ParseSuffixes(typeName, ref position, tuple);
        if (position != typeName.Length)
        {
            throw new AbiException($"Invalid ABI type '{typeName}'.");
        }
        return type;
    }

    /// <summary>Builds a named parameter from one JSON ABI parameter (name, type, components, indexed, internalType).</summary>
    public static AbiParameter ParameterFromJson(JsonElement parameter)
    {
        var name = parameter.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
        var indexed = parameter.TryGetProperty("indexed", out var i) && i.ValueKind == JsonValueKind.True;
        var internalType = parameter.TryGetProperty("internalType", out var it) && it.ValueKind == JsonValueKind.String ? it.GetString() : null;
        return new AbiParameter(name, FromJson(parameter), indexed, internalType);
    }

    private string BuildName() => Kind switch
    {
        AbiTypeKind.UInt => "uint" + Size.ToString(CultureInfo.InvariantCulture),
        AbiTypeKind.Int => "int" + Size.ToString(CultureInfo.InvariantCulture),
        AbiTypeKind.Address => "address",
        AbiTypeKind.Bool => "bool",
        AbiTypeKind.FixedBytes => "bytes" + Size.ToString(CultureInfo.InvariantCulture),
        AbiTypeKind.Bytes => "bytes",
        AbiTypeKind.String => "string",
        AbiTypeKind.Array => Element!.CanonicalName + "[]",
        AbiTypeKind.FixedArray => Element!.CanonicalName + "[" + Length.ToString(CultureInfo.InvariantCulture) + "]",
        _ => "(" + string.Join(",", Components.Select(c => c.Type.CanonicalName)) + ")",
    };

    /// <inheritdoc />
    public bool Equals(AbiType? other) => other is not null && CanonicalName == other.CanonicalName;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AbiType);

    /// <inheritdoc />
    public override int GetHashCode() => CanonicalName.GetHashCode(StringComparison.Ordinal);

    /// <summary>The canonical type string.</summary>
    public override string ToString() => CanonicalName;
}
