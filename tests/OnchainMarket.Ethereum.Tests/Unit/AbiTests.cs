using System.Numerics;
using Xunit;

namespace OnchainMarket.Ethereum.Tests.Unit;

public sealed class AbiTests
{
    [Theory]
    [InlineData("(uint256,(bool,string)[])[2][]", "(uint256,(bool,string)[])[2][]")]
    [InlineData("uint", "uint256")]
    [InlineData(" int ", "int256")]
    [InlineData("()", "()")]
    public void Type_strings_parse_to_their_canonical_form(string text, string canonical) =>
        Assert.Equal(canonical, AbiType.Parse(text).CanonicalName);

    [Theory]
    [InlineData("uint7", "Unknown ABI type")]
    [InlineData("bytes33", "Unknown ABI type")]
    [InlineData("(uint256", "Unclosed tuple")]
    [InlineData("uint256[0]", "Invalid array length")]
    [InlineData("fixed128x18", "Unknown ABI type")]
    public void Invalid_type_strings_are_rejected_naming_the_problem(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<AbiException>(() => AbiType.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void Forge_json_parameters_with_components_become_tuple_types()
    {
        using var json = System.Text.Json.JsonDocument.Parse("""
            {"name":"reqs","type":"tuple[]","internalType":"struct IProofMarket.Request[]","components":[
              {"name":"circuitId","type":"bytes32"},{"name":"inputs","type":"uint256[]"},
              {"name":"cb","type":"tuple","components":[{"name":"target","type":"address"},{"name":"gas","type":"uint64"}]}]}
            """);
        var parameter = AbiType.ParameterFromJson(json.RootElement);
        Assert.Equal("(bytes32,uint256[],(address,uint64))[]", parameter.Type.CanonicalName);
        Assert.Equal("struct IProofMarket.Request[]", parameter.InternalType);
        Assert.Equal("cb", parameter.Type.Element!.Components[2].Name);
    }

    [Fact]
    public void Values_out_of_range_for_their_type_are_rejected_when_encoding()
    {
        Assert.Contains("does not fit in uint8", Assert.Throws<AbiException>(() => AbiCodec.Encode(AbiType.Parse("uint8"), 256)).Message, StringComparison.Ordinal);
        Assert.Contains("does not fit in int8", Assert.Throws<AbiException>(() => AbiCodec.Encode(AbiType.Parse("int8"), -129)).Message, StringComparison.Ordinal);
        Assert.Contains("exactly 4 bytes", Assert.Throws<AbiException>(() => AbiCodec.Encode(AbiType.Parse("bytes4"), new byte[3])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_or_hostile_data_is_rejected_when_decoding()
    {
        var encoded = AbiCodec.Encode([AbiType.StringType], ["hello"]);
        Assert.Throws<AbiException>(() => AbiCodec.Decode([AbiType.StringType], encoded.AsSpan(0, 40)));
        var hostile = new byte[64];
        hostile[31] = 0x20;
        hostile[32] = 0x7f; // a length near 2^255
        Assert.Throws<AbiException>(() => AbiCodec.Decode([AbiType.ArrayOf(AbiType.UInt256)], hostile));
        var badBool = new byte[32];
        badBool[31] = 2;
        Assert.Throws<AbiException>(() => AbiCodec.Decode([AbiType.BoolType], badBool));
    }

    [Fact]
    public void Event_logs_decode_indexed_values_and_give_hashes_for_indexed_strings()
    {
        var ev = AbiEvent.Parse("RequestSubmitted(uint256 indexed,string indexed,address,bytes)");
        var requester = new Address(Enumerable.Range(1, 20).Select(i => (byte)i).ToArray());
        var topics = new[] { ev.Topic0, AbiCodec.EncodeTopic(AbiType.UInt256, 7), AbiCodec.EncodeTopic(AbiType.StringType, "circuit") };
        var data = AbiCodec.Encode([AbiType.AddressType, AbiType.BytesType], [requester, new byte[] { 1, 2, 3 }]);

        var values = ev.Decode(topics, data);

        Assert.Equal(new BigInteger(7), values[0]);
        Assert.Equal(Keccak256.Hash("circuit"), values[1]);
        Assert.Equal(requester, values[2]);
        Assert.Equal(new byte[] { 1, 2, 3 }, values[3]);
        Assert.Contains("indexed", Assert.Throws<AbiException>(() => ev.Decode(topics[..2], data)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Addresses_reject_a_wrong_mixed_case_checksum_but_accept_all_lower_case()
    {
        const string good = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
        Assert.Equal(good, Address.Parse(good).ToString());
        Assert.Equal(good, Address.Parse(good.ToLowerInvariant()).ToString());
        Assert.Contains("checksum", Assert.Throws<FormatException>(() => Address.Parse("0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266")).Message, StringComparison.Ordinal);
        Assert.False(Address.TryParse("0x1234", out _));
    }
}
