namespace OnchainMarket.Ethereum;

/// <summary>Base of every failure the JSON-RPC client reports.</summary>
public class RpcClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RpcClientException(string method, string message, Exception? innerException = null) : base(message, innerException)
    {
        Method = method;
    }

    /// <summary>The JSON-RPC method that failed.</summary>
    public string Method { get; }
}
