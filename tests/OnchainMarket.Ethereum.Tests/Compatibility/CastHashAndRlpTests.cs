using System.Text;
using OnchainMarket.Ethereum.Tests.Support;
using Xunit;

namespace OnchainMarket.Ethereum.Tests.Compatibility;

/// <summary>Keccak-256 and RLP against foundry's cast.</summary>
public sealed class CastHashAndRlpTests
{
    [Fact]
    public async Task Keccak256_matches_cast_keccak_on_60_random_inputs()
    {
        var random = new Random(4004);
        // Lengths cross the 136-byte Keccak rate so multi-block absorption is covered.
        var inputs = Enumerable.Range(0, 60).Select(i => { var b = new byte[random.Next(1, 400)]; random.NextBytes(b); return b; }).ToArray();
        var outputs = await CastTool.RunAllAsync(inputs.Select(b => new[] { "keccak", HexConvert.ToHex(b) }));
        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(outputs[i], Keccak256.Hash(inputs[i]).ToString());
        }
    }

    private static RlpItem NextItem(Random random, int depth)
    {
        if (depth < 3 && random.Next(3) == 0)
        {
            // Occasionally a list long enough to need the long-form header.
            var count = random.Next(6) == 0 ? random.Next(10, 30) : random.Next(0, 5);
            return RlpItem.FromList(Enumerable.Range(0, count).Select(_ => NextItem(random, depth + 1)).ToArray());
        }
        var length = random.Next(5) switch { 0 => 0, 1 => 1, 2 => random.Next(50, 60), _ => random.Next(0, 80) };
        var bytes = new byte[length];
        random.NextBytes(bytes);
        if (length == 1 && random.Next(2) == 0)
        {
            bytes[0] &= 0x7f;
        }
        return RlpItem.FromBytes(bytes);
    }

    private static string ToCastJson(RlpItem item) => item.IsList
        ? "[" + string.Join(",", item.Items!.Select(ToCastJson)) + "]"
        : "\"" + HexConvert.ToHex(item.Bytes!) + "\"";

    [Fact]
    public async Task Rlp_encoding_matches_cast_to_rlp_and_decoding_round_trips_on_60_random_trees()
    {
        var random = new Random(5005);
        var items = Enumerable.Range(0, 60).Select(i => RlpItem.FromList([NextItem(random, 0), NextItem(random, 1)])).ToArray();
        var outputs = await CastTool.RunAllAsync(items.Select(item => new[] { "to-rlp", ToCastJson(item) }));
        for (var i = 0; i < items.Length; i++)
        {
            var ours = Rlp.Encode(items[i]);
            Assert.Equal(outputs[i], HexConvert.ToHex(ours));
            Assert.Equal(ToCastJson(items[i]), ToCastJson(Rlp.Decode(ours)));
        }
    }

    [Fact]
    public async Task Rlp_decoding_agrees_with_cast_from_rlp_on_40_random_trees()
    {
        var random = new Random(6006);
        var encodings = Enumerable.Range(0, 40).Select(_ => Rlp.Encode(RlpItem.FromList([NextItem(random, 0), NextItem(random, 2)]))).ToArray();
        var outputs = await CastTool.RunAllAsync(encodings.Select(e => new[] { "from-rlp", HexConvert.ToHex(e) }));
        for (var i = 0; i < encodings.Length; i++)
        {
            Assert.Equal(outputs[i].Replace(" ", "", StringComparison.Ordinal), ToCastJson(Rlp.Decode(encodings[i])));
        }
    }

    [Theory]
    [InlineData("0x81", "runs past the end")]
    [InlineData("0x8100", "must encode as itself")]
    [InlineData("0xb8050102030405", "long form")]
    [InlineData("0xb800", "leading zeros")]
    [InlineData("0xc20101ff", "trailing")]
    [InlineData("0x", "ends before")]
    public void Malformed_rlp_is_rejected_with_a_message_naming_the_problem(string hex, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Rlp.Decode(HexConvert.FromHex(hex)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keccak_of_a_signature_gives_the_well_known_transfer_topic()
    {
        Assert.Equal(
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            Keccak256.Hash(Encoding.ASCII.GetBytes("Transfer(address,address,uint256)")).ToString());
    }
}
