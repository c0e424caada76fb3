using OnchainMarket.Agent.Chain;
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
    public static ZkeyCheck Read(string zkeyPath)
    {
        var zkey = ZkeyFile.Read(zkeyPath);
        return new ZkeyCheck(CircuitIdOf(zkey), zkey.NVars, zkey.NPublic);
    }

    /// <summary>The id the registry gives the verification key inside <paramref name="zkey"/>: keccak256(abi.encode(vk)).</summary>
    public static Hash32 CircuitIdOf(ZkeyFile zkey) => RegistryVerifyingKey.CircuitIdOf(zkey);
}
