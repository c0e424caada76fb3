using System.Globalization;
using System.Numerics;
using System.Text.Json;
using OnchainMarket.Ethereum;
using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Setup;

namespace OnchainMarket.Agent.Proving;

/// <summary>
/// What a proving key promises, checked against the registry: the circuit id is keccak256 of the
/// ABI-encoded verification key, so a zkey whose key hashes to another id makes proofs the chain
/// rejects (the registrant's <c>zkeyHash</c> may name any file). Also the sizes the witness and
/// the request must agree with.
/// </summary>
public sealed record ZkeyCheck(Hash32 KeyCircuitId, int NVars, int NPublic)
{
    /// <summary>The registry's <c>VerifyingKey</c> struct as abi.encode sees it.</summary>
    private static readonly AbiType VerifyingKeyType = AbiType.Parse("(uint256[2],uint256[4],uint256[4],uint256[4],uint256[2][])");

    public static ZkeyCheck Read(string zkeyPath)
    {
        var zkey = ZkeyFile.Read(zkeyPath);
        return new ZkeyCheck(CircuitIdOf(zkey), zkey.NVars, zkey.NPublic);
    }

    /// <summary>The id the registry gives the verification key inside <paramref name="zkey"/>: keccak256(abi.encode(vk)).</summary>
    public static Hash32 CircuitIdOf(ZkeyFile zkey)
    {
        // The registry's encoding (G2 in EIP-197 order), flattened the way the struct lays it out.
        using var document = JsonDocument.Parse(VerificationKeyJson.Registry(zkey));
        var root = document.RootElement;
        static object?[] Flat(JsonElement e) => [.. e.EnumerateArray()
            .SelectMany(x => x.ValueKind == JsonValueKind.Array ? x.EnumerateArray().ToArray() : new[] { x })
            .Select(x => (object?)BigInteger.Parse(x.GetString()!, CultureInfo.InvariantCulture))];
        object?[] vk =
        [
            Flat(root.GetProperty("alpha1")),
            Flat(root.GetProperty("beta2")),
            Flat(root.GetProperty("gamma2")),
            Flat(root.GetProperty("delta2")),
            root.GetProperty("ic").EnumerateArray().Select(p => (object?)Flat(p)).ToArray(),
        ];
        return Keccak256.Hash(AbiCodec.Encode([VerifyingKeyType], [vk]));
    }
}
