namespace OnchainMarket.Indexer.Ingest.Rpc;

/// <summary>The most one eth_getLogs answer may hold before it is abandoned (and the range split).</summary>
/// <param name="MaxLogs">Logs.</param>
/// <param name="MaxBytes">Bytes of JSON.</param>
public readonly record struct LogLimits(int MaxLogs, long MaxBytes)
{
    /// <summary>No limit.</summary>
    public static LogLimits None => new(int.MaxValue, long.MaxValue);
}

/// <summary>One eth_getLogs answer: the logs and the size of the JSON they came in.</summary>
/// <param name="Logs">The logs, in the node's order.</param>
/// <param name="Bytes">Bytes of JSON read.</param>
public sealed record LogAnswer(IReadOnlyList<OnchainMarket.Ethereum.Log> Logs, long Bytes);

/// <summary>An eth_getLogs answer passed its <see cref="LogLimits"/>: the range must be split.</summary>
public sealed class LogLimitExceededException : Exception
{
    /// <summary>Creates the exception with what had been read when the limit was passed.</summary>
    public LogLimitExceededException(int logs, long bytes)
        : base($"the answer passed its limit after {logs} logs and {bytes} bytes")
    {
        Logs = logs;
        Bytes = bytes;
    }

    /// <summary>Creates the exception.</summary>
    public LogLimitExceededException() : this(0, 0)
    {
    }

    /// <summary>Creates the exception.</summary>
    public LogLimitExceededException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public LogLimitExceededException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Logs read when the limit was passed.</summary>
    public int Logs { get; }

    /// <summary>Bytes read when the limit was passed.</summary>
    public long Bytes { get; }
}
