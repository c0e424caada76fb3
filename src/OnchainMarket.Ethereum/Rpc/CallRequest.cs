using System.Numerics;

namespace OnchainMarket.Ethereum;

/// <summary>The transaction-like object of <c>eth_call</c> and <c>eth_estimateGas</c>.</summary>
public sealed record CallRequest
{
    /// <summary>The caller (matters for msg.sender checks).</summary>
    public Address? From { get; init; }

    /// <summary>The target; null for a creation.</summary>
    public Address? To { get; init; }

    /// <summary>Calldata or init code.</summary>
    public byte[] Data { get; init; } = [];

    /// <summary>Wei sent.</summary>
    public BigInteger? Value { get; init; }

    /// <summary>Gas limit for the simulation.</summary>
    public BigInteger? Gas { get; init; }

    internal Dictionary<string, object?> ToRpc()
    {
        var result = new Dictionary<string, object?>();
        if (From is { } from)
        {
            result["from"] = from.ToLowerHex();
        }
        if (To is { } to)
        {
            result["to"] = to.ToLowerHex();
        }
        result["input"] = HexConvert.ToHex(Data);
        if (Value is { } value)
        {
            result["value"] = HexConvert.ToQuantity(value);
        }
        if (Gas is { } gas)
        {
            result["gas"] = HexConvert.ToQuantity(gas);
        }
        return result;
    }
}
