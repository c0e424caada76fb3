using System.Text.Json;

namespace OnchainMarket.Ethereum;

/// <summary>The outcome of one call of a batch: a result or the node's error.</summary>
/// <param name="Method">The method called.</param>
/// <param name="Result">The result, when the call succeeded.</param>
/// <param name="Error">The node's error, when it failed.</param>
public sealed record RpcBatchResult(string Method, JsonElement? Result, RpcException? Error)
{
    /// <summary>The result converted to <typeparamref name="T"/>; throws the node's error when the call failed.</summary>
    public T Get<T>()
    {
        if (Error is not null)
        {
            throw Error;
        }
        try
        {
            return Result!.Value.Deserialize<T>(EthJson.Options)!;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new RpcProtocolException(Method, $"result does not convert to {typeof(T).Name}: {e.Message}", e);
        }
    }
}
