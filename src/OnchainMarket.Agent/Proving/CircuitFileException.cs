namespace OnchainMarket.Agent.Proving;

/// <summary>A circuit's files are missing, cannot be fetched, or do not match the registry's hashes.</summary>
public sealed class CircuitFileException(string message, Exception? inner = null) : Exception(message, inner);
