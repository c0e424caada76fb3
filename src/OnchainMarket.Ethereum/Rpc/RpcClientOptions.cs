namespace OnchainMarket.Ethereum;

/// <summary>Timeouts and retry policy of <see cref="JsonRpcClient"/>.</summary>
public sealed record RpcClientOptions
{
    /// <summary>How long one attempt may take before it is abandoned.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt, for transport errors, timeouts, HTTP 5xx and 429.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first backoff; each retry doubles it, with ±50% jitter.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest backoff (and the longest Retry-After honoured).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Largest response body read; a bigger one is an error, not an allocation (a hostile or
    /// broken node could otherwise answer with gigabytes).
    /// </summary>
    public long MaxResponseBytes { get; init; } = 256L << 20;
}
