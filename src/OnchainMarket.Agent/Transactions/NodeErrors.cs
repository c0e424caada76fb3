using Nethereum.JsonRpc.Client;
using Newtonsoft.Json.Linq;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Transactions;

/// <summary>
/// How the prover client reads RPC failures, from Nethereum's client and from our indexer-side client alike: which
/// are transient (the next attempt may succeed), what the node said, and the revert data a node error carries.
/// </summary>
public static class NodeErrors
{
    /// <summary>
    /// Failures that say nothing about the request or circuit at hand: transport, timeouts, and node errors other
    /// than a revert (a node behind a load balancer answers "header not found" or "unknown block" for a moment).
    /// </summary>
    public static bool IsTransient(Exception e) => e switch
    {
        ContractRevertException => false,
        RpcResponseException response => RevertData(response) is null,
        RpcClientUnknownException or RpcClientTimeoutException => true,
        OnchainMarket.Ethereum.RpcClientException => true,
        HttpRequestException or TimeoutException or IOException or OperationCanceledException => true,
        _ => false,
    };

    /// <summary>The node's message of a JSON-RPC error ("nonce too low", "already known"), empty for other failures.</summary>
    public static string Message(Exception e) => e switch
    {
        RpcResponseException response => response.RpcError?.Message ?? response.Message,
        RpcException ours => ours.NodeMessage,
        _ => "",
    };

    /// <summary>Whether the node's message says <paramref name="text"/> (nodes word the same refusal differently).</summary>
    public static bool Says(Exception e, string text) => Message(e).Contains(text, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The revert data of an <c>eth_call</c> or <c>eth_estimateGas</c> error: <c>data</c> as hex, or one level down
    /// (<c>{ data: { data: "0x.." } }</c>, as some nodes nest it); null when the error is no revert with data.
    /// A revert without data (code 3 or "execution reverted") comes back as an empty array.
    /// </summary>
    public static byte[]? RevertData(RpcResponseException e)
    {
        var hex = e.RpcError?.Data switch
        {
            string text => text,
            JValue { Type: JTokenType.String } value => (string?)value,
            JObject nested => nested["data"] is JValue { Type: JTokenType.String } inner ? (string?)inner : null,
            _ => null,
        };
        if (hex is not null && hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && HexConvert.TryFromHex(hex, out var bytes))
        {
            return bytes;
        }
        var reverted = e.RpcError?.Code == 3 || (e.RpcError?.Message ?? "").Contains("revert", StringComparison.OrdinalIgnoreCase);
        return reverted ? [] : null;
    }
}
