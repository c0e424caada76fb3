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
    }

    /// <summary>The error code (e.g. 3 for an execution revert, -32000 for a generic server error).</summary>
    public int Code { get; }

    /// <summary>The node's message.</summary>
    public string NodeMessage { get; }

    /// <summary>The error object's <c>data</c> member, when present.</summary>
    public JsonElement? ErrorData { get; }
}
