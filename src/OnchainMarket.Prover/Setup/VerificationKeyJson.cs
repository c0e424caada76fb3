using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnchainMarket.Prover.Bn254;
using OnchainMarket.Prover.Files;

namespace OnchainMarket.Prover.Setup;

/// <summary>
/// The verification key of a zkey: snarkjs's verification_key.json, and the encoding the on-chain
/// CircuitRegistry takes (G1 as [x, y]; G2 in EIP-197 order [[x.im, x.re], [y.im, y.re]]).
/// vk_alphabeta_12 (a pairing value snarkjs adds for convenience; its verifier does not use it) is left out.
/// </summary>
public static class VerificationKeyJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>snarkjs's `zkey export verificationkey` layout (without vk_alphabeta_12).</summary>
    public static string Snarkjs(ZkeyFile zkey)
    {
        var json = new JsonObject
        {
            ["protocol"] = "groth16",
            ["curve"] = "bn128",
            ["nPublic"] = zkey.NPublic,
            ["vk_alpha_1"] = G1(zkey.Alpha1),
            ["vk_beta_2"] = G2(zkey.Beta2),
            ["vk_gamma_2"] = G2(zkey.Gamma2),
            ["vk_delta_2"] = G2(zkey.Delta2),
            ["IC"] = new JsonArray(zkey.IC.Select(p => (JsonNode)G1(p)).ToArray()),
        };
        return json.ToJsonString(Indented);
    }

    /// <summary>
    /// The registry's encoding: {"alpha1": [x, y], "beta2": [[x.im, x.re], [y.im, y.re]], "gamma2", "delta2",
    /// "ic": [[x, y], ...]}, decimal strings, ready to be ABI-encoded as uint256 values.
    /// </summary>
    public static string Registry(ZkeyFile zkey)
    {
        var json = new JsonObject
        {
            ["alpha1"] = EvmG1(zkey.Alpha1),
            ["beta2"] = EvmG2(zkey.Beta2),
            ["gamma2"] = EvmG2(zkey.Gamma2),
            ["delta2"] = EvmG2(zkey.Delta2),
            ["ic"] = new JsonArray(zkey.IC.Select(p => (JsonNode)EvmG1(p)).ToArray()),
        };
        return json.ToJsonString(Indented);
    }

    private static JsonArray G1(G1Affine p) => p.IsInfinity
        ? new JsonArray("0", "1", "0")
        : new JsonArray(Dec(p.X), Dec(p.Y), "1");

    private static JsonArray G2(G2Affine p) => new(
        new JsonArray(Dec(p.X.C0), Dec(p.X.C1)),
        new JsonArray(Dec(p.Y.C0), Dec(p.Y.C1)),
        p.IsInfinity ? new JsonArray("0", "0") : new JsonArray("1", "0"));

    private static JsonArray EvmG1(G1Affine p) => new(Dec(p.X), Dec(p.Y));

    private static JsonArray EvmG2(G2Affine p) => new(
        new JsonArray(Dec(p.X.C1), Dec(p.X.C0)),
        new JsonArray(Dec(p.Y.C1), Dec(p.Y.C0)));

    private static JsonNode Dec(Fq value) => value.ToBigInteger().ToString(CultureInfo.InvariantCulture);
}
