using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Deploy;
using OnchainMarket.Ethereum;
using OnchainMarket.Prover.Files;

namespace OnchainMarket.Agent.Proving;

/// <summary>
/// What a proving key promises, checked against the registry: the circuit id is keccak256 of the
/// ABI-encoded verification key, so a zkey whose key hashes to another id makes proofs the chain
/// rejects (the registrant's <c>zkeyHash</c> may name any file). Also the sizes the witness and
/// the request must agree with.
/// </summary>
public sealed record ZkeyCheck(Hash32 KeyCircuitId, int NVars, int NPublic)
{
    private static readonly Lazy<AbiType> VerifyingKeyType = new(() =>
        ContractArtifact.Load("CircuitRegistry").Abi.Function("circuitIdOf").Inputs[0].Type);

    public static ZkeyCheck Read(string zkeyPath)
    {
        var zkey = ZkeyFile.Read(zkeyPath);
        return new ZkeyCheck(CircuitIdOf(zkey), zkey.NVars, zkey.NPublic);
    }

    /// <summary>The id the registry gives the verification key inside <paramref name="zkey"/>: keccak256(abi.encode(vk)).</summary>
    public static Hash32 CircuitIdOf(ZkeyFile zkey) =>
        Keccak256.Hash(AbiCodec.Encode([VerifyingKeyType.Value], [DevnetDeployer.VerifyingKey(zkey)]));
}
