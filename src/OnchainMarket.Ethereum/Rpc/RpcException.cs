using System.Text.Json;

namespace OnchainMarket.Ethereum;

/// <summary>The node answered with a JSON-RPC error object.</summary>
public sealed class RpcException : RpcClientException
{
    /// <summary>Creates the exception.</summary>
    public RpcException(string method, int code, string nodeMessage, JsonElement? data)
        : base(method, $"{method} failed: node error {code}: {nodeMessage}")
    {
        Code = code;
        NodeMessage = nodeMessage;
        ErrorData = data;
        if (data is { ValueKind: JsonValueKind.String } d && HexConvert.TryFromHex(d.GetString(), out var bytes) && d.GetString()!.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            RevertData = bytes;
        }
        else if (data is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("data", out var inner) && inner.ValueKind == JsonValueKind.String
            && HexConvert.TryFromHex(inner.GetString(), out var nested))
        {
            // Some nodes nest the revert data one level down ({ data: { data: "0x..." } }).
            RevertData = nested;
        }
    }

    /// <summary>The error code (e.g. 3 for an execution revert, -32000 for a generic server error).</summary>
    public int Code { get; }

    /// <summary>The node's message.</summary>
    public string NodeMessage { get; }

    /// <summary>The error object's <c>data</c> member, when present.</summary>
    public JsonElement? ErrorData { get; }

    /// <summary>The revert data carried in <c>data</c> (hex), when present.</summary>
    public byte[]? RevertData { get; }

    /// <summary>True when the error is an EVM revert (code 3, revert data, or a message saying so).</summary>
    public bool IsRevert => Code == 3 || RevertData is not null || NodeMessage.Contains("revert", StringComparison.OrdinalIgnoreCase);
}
