using OnchainMarket.Agent.Market;

namespace OnchainMarket.Agent.Settlement;

/// <summary>What became of a proof handed to the <see cref="BatchSettler"/>.</summary>
public abstract record SettlementOutcome
{
    /// <summary>Settled in a batch: its own event from the batch's receipt, and the batch's gas shared out.</summary>
    public sealed record Batched(RequestFulfilled Fulfilled, int BatchSize, long GasPerProof) : SettlementOutcome;

    /// <summary>Not batched (nothing to batch with, no time to wait, or the batch reverted): the caller fulfils it alone.</summary>
    public sealed record Alone(string Reason) : SettlementOutcome;
}
