namespace OnchainMarket.Agent.Proving;

/// <summary>A URI from the chain could not be fetched under the <see cref="FetchPolicy"/>: refused, too large, too slow or failed.</summary>
public sealed class FetchException(string message, Exception? inner = null) : Exception(message, inner);
