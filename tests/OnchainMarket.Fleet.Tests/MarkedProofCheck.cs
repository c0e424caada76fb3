using System.Numerics;
using OnchainMarket.Fleet.Coordinator;

namespace OnchainMarket.Fleet.Tests;

/// <summary>
/// The registry's check stood in for by a rule the tests control: a proof whose first word is
/// <see cref="Bad"/> fails. Real verification is covered by the chain and e2e tests.
/// </summary>
internal sealed class MarkedProofCheck : IProofCheck
{
    public static readonly BigInteger Bad = 666;

    public int Calls;

    public Task<bool> IsValidAsync(string circuitId, IReadOnlyList<BigInteger> proof, IReadOnlyList<BigInteger> publicInputs, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        return Task.FromResult(proof.Count == 8 && proof[0] != Bad);
    }
}
