using System.Numerics;

namespace OnchainMarket.Agent.Proving;

/// <summary>
/// Proofs computed elsewhere, by a fleet of workers, instead of on this process's
/// <see cref="ProofEngine"/>. The agent sizes what it takes on from the fleet's live workers and
/// their measured speed: no live worker, or a fleet with work it has not started, means no new work.
/// </summary>
public interface IRemoteProver
{
    /// <summary>Workers alive now that have measured at least one circuit.</summary>
    int LiveWorkers { get; }

    /// <summary>True when queued jobs wait for a worker: taking more would only make them later.</summary>
    bool Saturated { get; }

    /// <summary>A proof's time of this circuit on the slowest live worker that measured it (promises assume the worst); null when none did.</summary>
    TimeSpan? ProvingTime(string circuitId);

    /// <summary>Queues the job (once, however often called) and returns its proof when a worker wrote it back.</summary>
    Task<ProvedJob> ProveAsync(RemoteProofRequest request, CancellationToken cancellationToken);

    /// <summary>The market paid for a request this prover fulfilled: price in ETH, bounty in the stake token.</summary>
    void Paid(BigInteger requestId, BigInteger priceWei, BigInteger stakeBounty, string transaction);
}

/// <summary>
/// What a worker needs to prove a request: the circuit, the checked witness input, the public inputs,
/// the due time (unix seconds, chain time), and the chain's time when asked (<paramref name="ChainNow"/>:
/// a devnet's clock may run ahead of the wall clock, and due times are in the chain's).
/// </summary>
public sealed record RemoteProofRequest(BigInteger RequestId, int Round, string CircuitId, string Input, IReadOnlyList<BigInteger> PublicInputs, long ProveBy, long ChainNow = 0);
