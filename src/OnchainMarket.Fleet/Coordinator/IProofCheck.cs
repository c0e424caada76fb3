using System.Numerics;

namespace OnchainMarket.Fleet.Coordinator;

/// <summary>
/// Decides whether a proof a worker wrote back is one the chain will accept. The coordinator trusts
/// no worker: a bad proof sent on chain reverts, costing gas and the time left in the window.
/// </summary>
public interface IProofCheck
{
    /// <summary>True when <paramref name="proof"/> proves <paramref name="publicInputs"/> for the circuit; a transport failure throws.</summary>
    Task<bool> IsValidAsync(string circuitId, IReadOnlyList<BigInteger> proof, IReadOnlyList<BigInteger> publicInputs, CancellationToken cancellationToken);
}
