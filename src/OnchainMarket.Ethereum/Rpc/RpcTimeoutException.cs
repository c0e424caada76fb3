namespace OnchainMarket.Ethereum;

/// <summary>The node did not answer within the per-call timeout (after the configured retries).</summary>
public sealed class RpcTimeoutException : RpcClientException
{
    /// <summary>Creates the exception.</summary>
    public RpcTimeoutException(string method, TimeSpan timeout, int attempts, Exception? innerException = null)
        : base(method, $"{method} timed out after {timeout.TotalMilliseconds:0} ms ({attempts} attempt(s)).", innerException)
    {
        Timeout = timeout;
        Attempts = attempts;
    }

    /// <summary>The per-attempt timeout.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How many attempts were made.</summary>
    public int Attempts { get; }
}
