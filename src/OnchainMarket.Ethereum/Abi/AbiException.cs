namespace OnchainMarket.Ethereum;

/// <summary>An ABI type string, value or encoded payload that does not fit the ABI specification.</summary>
public sealed class AbiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AbiException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public AbiException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
