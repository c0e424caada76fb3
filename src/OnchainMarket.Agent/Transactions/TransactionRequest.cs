using System.Numerics;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Transactions;

/// <summary>
/// What to send; nonce, fees and (unless given) the gas limit are filled in by <see cref="ChainSender"/>. Ours rather
/// than Nethereum's <c>TransactionInput</c>: that carries from, nonce and fee fields the sender sets itself (a caller
/// setting them would be ignored or fight the fee bumps), and it has no <see cref="MinimumGasLimit"/>.
/// </summary>
public sealed record TransactionRequest
{
    /// <summary>The recipient; null deploys <see cref="Data"/> as init code.</summary>
    public Address? To { get; init; }

    /// <summary>Calldata or init code.</summary>
    public byte[] Data { get; init; } = [];

    /// <summary>Wei sent.</summary>
    public BigInteger Value { get; init; }

    /// <summary>A fixed gas limit; null estimates it with the sender's margin.</summary>
    public BigInteger? GasLimit { get; init; }

    /// <summary>A floor under the estimated limit (the estimate still runs, so a revert still surfaces before signing):
    /// for calls whose inner calls a contract catches, where a tight limit succeeds by taking the catch path.</summary>
    public BigInteger? MinimumGasLimit { get; init; }
}
