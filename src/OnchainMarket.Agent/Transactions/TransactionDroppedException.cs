using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Transactions;

/// <summary>
/// The nonce of a transaction was used by a transaction this sender did not send (another process
/// with the same key) or the transaction vanished and could not be re-sent: its effect is unknown,
/// so the caller re-reads the chain instead of assuming success or failure.
/// </summary>
public sealed class TransactionDroppedException(string message, IReadOnlyList<Hash32> attempts) : Exception(message)
{
    public IReadOnlyList<Hash32> Attempts { get; } = attempts;
}
