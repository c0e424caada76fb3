namespace OnchainMarket.Ethereum;

/// <summary>The request could not be delivered (connection dropped or refused, HTTP 5xx or 429) after all retries.</summary>
public sealed class RpcTransportException : RpcClientException
{
    /// <summary>Creates the exception.</summary>
    public RpcTransportException(string method, string message, int? httpStatus, int attempts, Exception? innerException = null)
        : base(method, $"{method}: {message} ({attempts} attempt(s)).", innerException)
    {
        HttpStatus = httpStatus;
        Attempts = attempts;
    }

    /// <summary>The last HTTP status, when a response arrived.</summary>
    public int? HttpStatus { get; }

    /// <summary>How many attempts were made.</summary>
    public int Attempts { get; }
}
