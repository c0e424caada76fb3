using System.Numerics;

namespace OnchainMarket.Ethereum;

/// <summary>Gas, fee and receipt-waiting policy of <see cref="TransactionSender"/>.</summary>
public sealed record TransactionSenderOptions
{
    /// <summary>Percent added to the gas estimate (20 means × 1.2).</summary>
    public int GasMarginPercent { get; init; } = 20;

    /// <summary>The tip used when the node does not answer <c>eth_maxPriorityFeePerGas</c>.</summary>
    public BigInteger FallbackPriorityFeePerGas { get; init; } = 1_000_000_000;

    /// <summary>How long to wait for a receipt.</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often to poll for a receipt.</summary>
    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Send legacy (EIP-155) transactions instead of EIP-1559 ones.</summary>
    public bool UseLegacyTransactions { get; init; }
}
