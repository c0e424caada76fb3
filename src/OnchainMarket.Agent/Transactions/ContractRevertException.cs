using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Transactions;

/// <summary>
/// A contract call or transaction reverted, with its error decoded by <see cref="RevertDecoder"/> when the selector
/// is one of the generated <c>&lt;Name&gt;Error</c> types, <c>Error(string)</c> or <c>Panic(uint256)</c>.
/// </summary>
public sealed class ContractRevertException(string? errorName, IReadOnlyList<object?> arguments, byte[] revertData, Exception? innerException = null)
    : Exception("Execution reverted: " + RevertDecoder.Describe(errorName, arguments, revertData), innerException)
{
    /// <summary>The error name (<c>Error</c>, <c>Panic</c>, a custom error's name), or null when the selector is unknown or there is no data.</summary>
    public string? ErrorName { get; } = errorName;

    /// <summary>The decoded error arguments, in declaration order (empty when unknown).</summary>
    public IReadOnlyList<object?> Arguments { get; } = arguments;

    /// <summary>The raw revert data: selector and encoded arguments.</summary>
    public byte[] RevertData { get; } = revertData;

    /// <summary>The decoded error in one line, without the "Execution reverted" prefix.</summary>
    public string Description => RevertDecoder.Describe(ErrorName, Arguments, RevertData);

    /// <summary>The transaction hash when the revert came from a mined transaction.</summary>
    public Hash32? TransactionHash { get; init; }
}
