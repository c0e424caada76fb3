namespace OnchainMarket.Ethereum;

/// <summary>
/// A contract call or transaction reverted. Generated bindings derive one type per custom error from this,
/// so callers can <c>catch (InsufficientStakeError e)</c>; unknown errors arrive as this type.
/// </summary>
public class ContractRevertException : Exception
{
    /// <summary>Creates the exception from decoded revert data.</summary>
    public ContractRevertException(DecodedRevert revert, Exception? innerException = null)
        : base("Execution reverted: " + (revert ?? throw new ArgumentNullException(nameof(revert))).Describe(), innerException)
    {
        Revert = revert;
    }

    /// <summary>The decoded revert.</summary>
    public DecodedRevert Revert { get; }

    /// <summary>The error name, or null when the selector is unknown.</summary>
    public string? ErrorName => Revert.Name;

    /// <summary>The decoded error arguments.</summary>
    public IReadOnlyList<object?> Arguments => Revert.Arguments;

    /// <summary>The raw revert data.</summary>
    public byte[] RevertData => Revert.Data;

    /// <summary>The transaction hash when the revert came from a mined transaction.</summary>
    public Hash32? TransactionHash { get; set; }
}
