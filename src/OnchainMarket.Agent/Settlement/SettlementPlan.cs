namespace OnchainMarket.Agent.Settlement;

/// <summary>Proofs to send now: one <c>fulfillBatch</c> when there are several, a plain <c>fulfill</c> for one.</summary>
public sealed record SettlementPlan(IReadOnlyList<ReadyProof> Proofs)
{
    public bool IsBatch => Proofs.Count > 1;
}
