using System.Numerics;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Contracts.CircuitRegistry;
using OnchainMarket.Contracts.CircuitRegistry.ContractDefinition;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Fleet.Coordinator;

/// <summary>
/// Checks a proof with the registry's own <c>verify(circuitId, proof, inputs)</c> as an <c>eth_call</c>:
/// the very check the market's fulfil runs, at no gas.
/// </summary>
public sealed class RegistryProofCheck(CircuitRegistryService registry) : IProofCheck
{
    public async Task<bool> IsValidAsync(string circuitId, IReadOnlyList<BigInteger> proof, IReadOnlyList<BigInteger> publicInputs, CancellationToken cancellationToken)
    {
        if (proof.Count != 8)
        {
            return false;
        }
        try
        {
            return await MarketContracts.QueryAsync<VerifyFunction, bool>(registry, new VerifyFunction
            {
                CircuitId = Hash32.Parse(circuitId).ToArray(),
                Proof = [.. proof],
                PublicInputs = [.. publicInputs],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertException)
        {
            // The registry refuses the call itself (a wrong number of inputs, a point off the curve): as bad as a failed pairing.
            return false;
        }
    }
}
