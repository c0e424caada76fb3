using System.Text.Json;
using OnchainMarket.Ethereum.Tests.Support;
using Xunit;

namespace OnchainMarket.Ethereum.Tests.Compatibility;

/// <summary>Our ABI codec against foundry's cast on random types and values.</summary>
public sealed class CastAbiTests
{
    private static (AbiType[] Types, object?[] Values) NextCase(AbiFuzz fuzz)
    {
        var types = Enumerable.Range(0, fuzz.Random.Next(1, 5)).Select(_ => fuzz.NextType()).ToArray();
        return (types, types.Select(fuzz.NextValue).ToArray());
    }

    private static string Signature(string name, AbiType[] types) => name + "(" + string.Join(",", types.Select(t => t.CanonicalName)) + ")";

    [Fact]
    public async Task Encoding_matches_cast_abi_encode_and_decoding_round_trips_on_150_random_cases()
    {
        var fuzz = new AbiFuzz(1001);
        var cases = Enumerable.Range(0, 150).Select(_ => NextCase(fuzz)).ToArray();
        var outputs = await CastTool.RunAllAsync(cases.Select(c =>
            new[] { "abi-encode", Signature("f", c.Types) }.Concat(c.Types.Select((t, i) => AbiFuzz.ToCastArgument(t, c.Values[i]))).ToArray()));

        for (var i = 0; i < cases.Length; i++)
        {
            var (types, values) = cases[i];
            var ours = AbiCodec.Encode(types, values);
            Assert.True(outputs[i] == HexConvert.ToHex(ours), $"case {i} {Signature("f", types)}: cast {outputs[i]} vs ours {HexConvert.ToHex(ours)}");
            var decoded = AbiCodec.Decode(types, HexConvert.FromHex(outputs[i]));
            Assert.Equal(AbiFuzz.Canonical(values), AbiFuzz.Canonical(decoded));
        }
    }

    [Fact]
    public async Task Cast_abi_decode_reads_back_our_encoding_of_80_random_cases()
    {
        var fuzz = new AbiFuzz(2002);
        var cases = Enumerable.Range(0, 80).Select(_ => NextCase(fuzz)).ToArray();
        var outputs = await CastTool.RunAllAsync(cases.Select(c =>
            new[] { "abi-decode", "--json", "f()" + Signature("", c.Types), HexConvert.ToHex(AbiCodec.Encode(c.Types, c.Values)) }));

        for (var i = 0; i < cases.Length; i++)
        {
            var (types, values) = cases[i];
            using var json = JsonDocument.Parse(outputs[i]);
            var castCanonical = "[" + string.Join(",", json.RootElement.EnumerateArray().Select((e, k) => AbiFuzz.Canonical(types[k], e))) + "]";
            Assert.Equal(AbiFuzz.Canonical(values), castCanonical);
        }
    }

    [Fact]
    public async Task Calldata_matches_cast_calldata_on_80_random_functions()
    {
        var fuzz = new AbiFuzz(3003);
        var cases = Enumerable.Range(0, 80).Select(i => (Name: "fn" + i, Case: NextCase(fuzz))).ToArray();
        var outputs = await CastTool.RunAllAsync(cases.Select(c =>
            new[] { "calldata", Signature(c.Name, c.Case.Types) }.Concat(c.Case.Types.Select((t, i) => AbiFuzz.ToCastArgument(t, c.Case.Values[i]))).ToArray()));

        for (var i = 0; i < cases.Length; i++)
        {
            var function = AbiFunction.Parse(Signature(cases[i].Name, cases[i].Case.Types));
            var calldata = function.EncodeCall(cases[i].Case.Values);
            Assert.Equal(outputs[i], HexConvert.ToHex(calldata));
            Assert.Equal(AbiFuzz.Canonical(cases[i].Case.Values), AbiFuzz.Canonical(function.DecodeCall(calldata)));
        }
    }
}
