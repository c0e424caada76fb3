namespace OnchainMarket.Ethereum;

/// <summary>One call of a batch.</summary>
/// <param name="Method">The JSON-RPC method.</param>
/// <param name="Params">Positional parameters, serialised with <see cref="EthJson.Options"/>.</param>
public sealed record RpcRequest(string Method, IReadOnlyList<object?> Params);
