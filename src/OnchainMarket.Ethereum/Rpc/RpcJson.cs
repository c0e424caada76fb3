using System.Numerics;
using System.Text.Json;

namespace OnchainMarket.Ethereum;

/// <summary>Reads typed fields out of JSON-RPC results, turning any malformed field into <see cref="RpcProtocolException"/>.</summary>
internal readonly struct RpcJson
{
    private readonly string _method;

    public RpcJson(string method) => _method = method;

    public JsonElement Property(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new RpcProtocolException(_method, $"expected an object, got {obj.ValueKind}.");
        }
        if (!obj.TryGetProperty(name, out var value))
        {
            throw new RpcProtocolException(_method, $"field '{name}' is missing.");
        }
        return value;
    }

    public bool IsAbsent(JsonElement obj, string name) => !obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null;

    public string String(JsonElement value, string what)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new RpcProtocolException(_method, $"{what} should be a string, got {value.ValueKind}.");
        }
        return value.GetString()!;
    }

    public BigInteger Quantity(JsonElement value, string what)
    {
        try
        {
            return HexConvert.ParseQuantity(String(value, what));
        }
        catch (FormatException e)
        {
            throw new RpcProtocolException(_method, $"{what}: {e.Message}", e);
        }
    }

    public long Long(JsonElement value, string what)
    {
        var quantity = Quantity(value, what);
        if (quantity > long.MaxValue)
        {
            throw new RpcProtocolException(_method, $"{what} {quantity} is out of range.");
        }
        return (long)quantity;
    }

    public byte[] Bytes(JsonElement value, string what)
    {
        var text = String(value, what);
        if (!HexConvert.TryFromHex(text, out var bytes))
        {
            throw new RpcProtocolException(_method, $"{what} is not hex.");
        }
        return bytes;
    }

    public Hash32 Hash(JsonElement value, string what)
    {
        var text = String(value, what);
        return Hash32.TryParse(text, out var hash) ? hash : throw new RpcProtocolException(_method, $"{what} '{HexConvert.Truncate(text)}' is not a 32-byte hash.");
    }

    public Address Address(JsonElement value, string what)
    {
        var text = String(value, what);
        return Ethereum.Address.TryParse(text.ToLowerInvariant(), out var address) ? address : throw new RpcProtocolException(_method, $"{what} '{HexConvert.Truncate(text)}' is not an address.");
    }

    public BlockHeader Header(JsonElement block) => new(
        Long(Property(block, "number"), "number"),
        Hash(Property(block, "hash"), "hash"),
        Hash(Property(block, "parentHash"), "parentHash"),
        Long(Property(block, "timestamp"), "timestamp"),
        IsAbsent(block, "baseFeePerGas") ? null : Quantity(Property(block, "baseFeePerGas"), "baseFeePerGas"),
        Quantity(Property(block, "gasLimit"), "gasLimit"),
        Quantity(Property(block, "gasUsed"), "gasUsed"));
}
