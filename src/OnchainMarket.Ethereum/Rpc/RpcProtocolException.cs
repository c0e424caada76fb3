namespace OnchainMarket.Ethereum;

/// <summary>The node's answer is not valid JSON-RPC (malformed JSON, missing result, wrong id, bad field).</summary>
public sealed class RpcProtocolException : RpcClientException
{
    /// <summary>Creates the exception.</summary>
    public RpcProtocolException(string method, string message, Exception? innerException = null)
        : base(method, $"{method}: invalid response: {message}", innerException)
    {
    }
}
