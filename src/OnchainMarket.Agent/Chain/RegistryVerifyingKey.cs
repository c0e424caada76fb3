using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Nethereum.Contracts;
using OnchainMarket.Contracts.CircuitRegistry.ContractDefinition;
using OnchainMarket.Ethereum;
using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Setup;

namespace OnchainMarket.Agent.Chain;

/// <summary>The registry's view of a proving key: its VerifyingKey struct and the circuit id it hashes to.</summary>
public static class RegistryVerifyingKey
{
    /// <summary>The registry's VerifyingKey (alpha1, beta2, gamma2, delta2, ic) from a zkey.</summary>
    public static VerifyingKey FromZkey(ZkeyFile zkey)
    {
        using var document = JsonDocument.Parse(VerificationKeyJson.Registry(zkey));
        var root = document.RootElement;
        static BigInteger Number(JsonElement e) => BigInteger.Parse(e.GetString()!, CultureInfo.InvariantCulture);
        static List<BigInteger> Flat(JsonElement e) => e.ValueKind == JsonValueKind.Array
            ? [.. e.EnumerateArray().SelectMany(x => x.ValueKind == JsonValueKind.Array ? x.EnumerateArray().Select(Number) : [Number(x)])]
            : throw new InvalidDataException("expected an array in the verification key");
        return new VerifyingKey
        {
            Alpha1 = Flat(root.GetProperty("alpha1")),
            Beta2 = Flat(root.GetProperty("beta2")),
            Gamma2 = Flat(root.GetProperty("gamma2")),
            Delta2 = Flat(root.GetProperty("delta2")),
            Ic = [.. root.GetProperty("ic").EnumerateArray().Select(Flat)],
        };
    }

    /// <summary>
    /// keccak256(abi.encode(vk)), the id the registry gives this key. The arguments of
    /// <c>circuitIdOf(vk)</c> are exactly abi.encode(vk), so the generated message's calldata
    /// without its 4-byte selector is hashed: no second encoder.
    /// </summary>
    public static Hash32 CircuitIdOf(ZkeyFile zkey)
    {
        var calldata = new CircuitIdOfFunction { Vk = FromZkey(zkey) }.GetCallData();
        return Keccak256.Hash(calldata.AsSpan(4));
    }
}
