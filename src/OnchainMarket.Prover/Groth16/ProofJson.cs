using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnchainMarket.Prover.Bn254;
using OnchainMarket.Prover.Files;

namespace OnchainMarket.Prover.Groth16;

/// <summary>
/// snarkjs's proof.json and public.json (decimal strings, projective "1" coordinates) and the calldata
/// an EVM verifier takes (G2 coordinates imaginary part first, as precompile 0x08 wants).
/// </summary>
public static class ProofJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Proof(Groth16Proof proof)
    {
        var json = new JsonObject
        {
            ["pi_a"] = new JsonArray(Dec(proof.A.X), Dec(proof.A.Y), "1"),
            ["pi_b"] = new JsonArray(
                new JsonArray(Dec(proof.B.X.C0), Dec(proof.B.X.C1)),
                new JsonArray(Dec(proof.B.Y.C0), Dec(proof.B.Y.C1)),
                new JsonArray("1", "0")),
            ["pi_c"] = new JsonArray(Dec(proof.C.X), Dec(proof.C.Y), "1"),
            ["protocol"] = "groth16",
            ["curve"] = "bn128",
        };
        return json.ToJsonString(Indented);
    }

    public static string Public(IEnumerable<BigInteger> signals) =>
        new JsonArray(signals.Select(s => (JsonNode)s.ToString(CultureInfo.InvariantCulture)).ToArray()).ToJsonString(Indented);

    /// <summary>Reads a snarkjs proof.json (affine, z = 1) and checks the points are on the curve.</summary>
    public static Groth16Proof ParseProof(string json, string source = "proof.json")
    {
        try
        {
            var root = JsonNode.Parse(json) ?? throw new ProverInputException(source, "empty proof");
            var protocol = (string?)root["protocol"];
            if (protocol is not null && protocol != "groth16")
            {
                throw new ProverInputException(source, $"a {protocol} proof, not groth16");
            }
            var a = new G1Affine(Fq.FromBigInteger(Int(root["pi_a"]![0])), Fq.FromBigInteger(Int(root["pi_a"]![1])));
            var b = new G2Affine(
                new Fq2(Fq.FromBigInteger(Int(root["pi_b"]![0]![0])), Fq.FromBigInteger(Int(root["pi_b"]![0]![1]))),
                new Fq2(Fq.FromBigInteger(Int(root["pi_b"]![1]![0])), Fq.FromBigInteger(Int(root["pi_b"]![1]![1]))));
            var c = new G1Affine(Fq.FromBigInteger(Int(root["pi_c"]![0])), Fq.FromBigInteger(Int(root["pi_c"]![1])));
            if (!a.IsOnCurve() || !b.IsOnCurve() || !c.IsOnCurve())
            {
                throw new ProverInputException(source, "a proof point is not on the BN254 curve");
            }
            return new Groth16Proof(a, b, c);
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new ProverInputException(source, $"not a snarkjs Groth16 proof ({e.Message})", e);
        }
    }

    /// <summary>The 8 words a Solidity verifier takes: [A.x, A.y, B.x.im, B.x.re, B.y.im, B.y.re, C.x, C.y].</summary>
    public static BigInteger[] CalldataWords(Groth16Proof proof) =>
    [
        proof.A.X.ToBigInteger(), proof.A.Y.ToBigInteger(),
        proof.B.X.C1.ToBigInteger(), proof.B.X.C0.ToBigInteger(),
        proof.B.Y.C1.ToBigInteger(), proof.B.Y.C0.ToBigInteger(),
        proof.C.X.ToBigInteger(), proof.C.Y.ToBigInteger(),
    ];

    /// <summary>The same text as `snarkjs zkey export soliditycalldata public.json proof.json`.</summary>
    public static string SolidityCalldata(Groth16Proof proof, IEnumerable<BigInteger> publicSignals)
    {
        var w = CalldataWords(proof).Select(Hex).ToArray();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[{w[0]}, {w[1]}],[[{w[2]}, {w[3]}],[{w[4]}, {w[5]}]],[{w[6]}, {w[7]}],");
        text.Append('[').Append(string.Join(",", publicSignals.Select(Hex))).Append(']');
        return text.ToString();
    }

    private static string Hex(BigInteger value) => "\"0x" + value.ToString("x64", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(64, '0') + "\"";

    private static JsonNode Dec(Fq value) => value.ToString();

    private static BigInteger Int(JsonNode? node) =>
        BigInteger.Parse((string?)node ?? throw new FormatException("missing coordinate"), NumberStyles.None, CultureInfo.InvariantCulture);
}
