using System.Collections;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace OnchainMarket.Ethereum;

/// <summary>
/// EIP-712 typed structured data: the digest is keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(message)).
/// Values are JSON elements or .NET values (dictionaries for structs, lists for arrays).
/// </summary>
public sealed class Eip712TypedData
{
    private const string DomainTypeName = "EIP712Domain";

    /// <summary>Creates typed data; a missing <c>EIP712Domain</c> type is derived from the domain's members.</summary>
    public Eip712TypedData(IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> types, string primaryType, IReadOnlyDictionary<string, object?> domain, IReadOnlyDictionary<string, object?> message)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(domain);
        var allTypes = new Dictionary<string, IReadOnlyList<Eip712Field>>(types);
        if (!allTypes.ContainsKey(DomainTypeName))
        {
            var order = new (string Name, string Type)[] { ("name", "string"), ("version", "string"), ("chainId", "uint256"), ("verifyingContract", "address"), ("salt", "bytes32") };
            allTypes[DomainTypeName] = order.Where(o => domain.ContainsKey(o.Name)).Select(o => new Eip712Field(o.Name, o.Type)).ToArray();
        }
        if (!allTypes.ContainsKey(primaryType))
        {
            throw new ArgumentException($"The primary type '{primaryType}' is not among the types.", nameof(primaryType));
        }
        Types = allTypes;
        PrimaryType = primaryType;
        Domain = domain;
        Message = message ?? throw new ArgumentNullException(nameof(message));
    }

    /// <summary>The struct types by name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> Types { get; }

    /// <summary>The type of <see cref="Message"/>.</summary>
    public string PrimaryType { get; }

    /// <summary>The domain values.</summary>
    public IReadOnlyDictionary<string, object?> Domain { get; }

    /// <summary>The message values.</summary>
    public IReadOnlyDictionary<string, object?> Message { get; }

    /// <summary>Parses the JSON form used by <c>eth_signTypedData_v4</c> (types, primaryType, domain, message).</summary>
    public static Eip712TypedData Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var types = new Dictionary<string, IReadOnlyList<Eip712Field>>();
        foreach (var type in root.GetProperty("types").EnumerateObject())
        {
            types[type.Name] = type.Value.EnumerateArray()
                .Select(f => new Eip712Field(f.GetProperty("name").GetString()!, f.GetProperty("type").GetString()!))
                .ToArray();
        }
        return new Eip712TypedData(
            types,
            root.GetProperty("primaryType").GetString()!,
            ToDictionary(root.GetProperty("domain").Clone()),
            ToDictionary(root.GetProperty("message").Clone()));
    }

    private static Dictionary<string, object?> ToDictionary(JsonElement element) =>
        element.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);

    /// <summary>The digest to sign.</summary>
    public Hash32 Hash()
    {
        var buffer = new byte[66];
        buffer[0] = 0x19;
        buffer[1] = 0x01;
        DomainSeparator().Span.CopyTo(buffer.AsSpan(2));
        HashStruct(PrimaryType, Message).Span.CopyTo(buffer.AsSpan(34));
        return Keccak256.Hash(buffer);
    }

    /// <summary>hashStruct(EIP712Domain, domain).</summary>
    public Hash32 DomainSeparator() => HashStruct(DomainTypeName, Domain);

    /// <summary>keccak256(typeHash ‖ encodeData(value)).</summary>
    public Hash32 HashStruct(string typeName, object? value) => Keccak256.Hash(EncodeData(typeName, value));

    /// <summary>The type string, e.g. <c>Mail(Person from,Person to,string contents)Person(string name,address wallet)</c>.</summary>
    public string EncodeType(string typeName)
    {
        var dependencies = new SortedSet<string>(StringComparer.Ordinal);
        CollectDependencies(typeName, dependencies);
        dependencies.Remove(typeName);
        var builder = new StringBuilder();
        foreach (var name in new[] { typeName }.Concat(dependencies))
        {
            builder.Append(name).Append('(').Append(string.Join(",", Types[name].Select(f => f.Type + " " + f.Name))).Append(')');
        }
        return builder.ToString();
    }

    private void CollectDependencies(string typeName, SortedSet<string> found)
    {
        if (!Types.TryGetValue(typeName, out var fields) || !found.Add(typeName))
        {
            return;
        }
        foreach (var field in fields)
        {
            CollectDependencies(BaseType(field.Type), found);
        }
    }

    private static string BaseType(string type)
    {
        var bracket = type.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? type : type[..bracket];
    }

    private byte[] EncodeData(string typeName, object? value)
    {
        if (!Types.TryGetValue(typeName, out var fields))
        {
            throw new ArgumentException($"EIP-712: unknown struct type '{typeName}'.");
        }
        var members = AsMembers(value, typeName);
        var output = new MemoryStream();
        output.Write(Keccak256.Hash(EncodeType(typeName)).Span);
        foreach (var field in fields)
        {
            members.TryGetValue(field.Name, out var member);
            output.Write(EncodeField(field.Type, member, typeName + "." + field.Name).Span);
        }
        return output.ToArray();
    }

    private Hash32 EncodeField(string type, object? value, string path)
    {
        if (value is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined })
        {
            value = null;
        }
        if (type.EndsWith(']'))
        {
            var elementType = type[..type.LastIndexOf('[')];
            var items = AsItems(value, path);
            var buffer = new MemoryStream();
            var i = 0;
            foreach (var item in items)
            {
                buffer.Write(EncodeField(elementType, item, path + "[" + i++ + "]").Span);
            }
            return Keccak256.Hash(buffer.ToArray());
        }
        if (Types.ContainsKey(type))
        {
            return value is null ? Hash32.Zero : HashStruct(type, value);
        }
        var scalar = Scalar(value);
        switch (type)
        {
            case "string":
                return Keccak256.Hash(Encoding.UTF8.GetBytes(scalar as string ?? throw new ArgumentException($"EIP-712: {path} must be a string.")));
            case "bytes":
                return Keccak256.Hash(scalar switch
                {
                    byte[] b => b,
                    string s => HexConvert.FromHex(s),
                    _ => throw new ArgumentException($"EIP-712: {path} must be hex bytes."),
                });
        }
        var abiType = AbiType.Parse(type);
        object? abiValue = abiType.Kind switch
        {
            AbiTypeKind.UInt or AbiTypeKind.Int => scalar is BigInteger or string or int or long or uint or ulong ? AbiCodec.ToBigInteger(scalar, path) : throw new ArgumentException($"EIP-712: {path} must be an integer."),
            AbiTypeKind.FixedBytes => scalar is string s ? RightPad(HexConvert.FromHex(s), abiType.Size, path) : scalar,
            _ => scalar,
        };
        try
        {
            return new Hash32(AbiCodec.Encode(abiType, abiValue));
        }
        catch (AbiException e)
        {
            throw new ArgumentException($"EIP-712: {path}: {e.Message}", e);
        }
    }

    private static byte[] RightPad(byte[] bytes, int size, string path)
    {
        if (bytes.Length > size)
        {
            throw new ArgumentException($"EIP-712: {path} has {bytes.Length} bytes, more than bytes{size} holds.");
        }
        var padded = new byte[size];
        bytes.CopyTo(padded, 0);
        return padded;
    }

    private static object? Scalar(object? value) => value is JsonElement element
        ? element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => BigInteger.Parse(element.GetRawText(), System.Globalization.CultureInfo.InvariantCulture),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ArgumentException($"EIP-712: unexpected JSON {element.ValueKind} for a scalar."),
        }
        : value;

    private static IReadOnlyDictionary<string, object?> AsMembers(object? value, string typeName) => value switch
    {
        IReadOnlyDictionary<string, object?> d => d,
        IDictionary<string, object?> d => d.AsReadOnly(),
        JsonElement { ValueKind: JsonValueKind.Object } e => ToDictionary(e),
        _ => throw new ArgumentException($"EIP-712: a value of struct type '{typeName}' must be an object."),
    };

    private static IEnumerable AsItems(object? value, string path) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Select(x => (object?)x).ToArray(),
        IEnumerable items and not string => items,
        _ => throw new ArgumentException($"EIP-712: {path} must be an array."),
    };
}
