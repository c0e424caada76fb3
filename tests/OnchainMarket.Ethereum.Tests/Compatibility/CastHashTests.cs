using System.Text;
using OnchainMarket.Ethereum.Tests.Support;
using Xunit;

namespace OnchainMarket.Ethereum.Tests.Compatibility;

/// <summary>Keccak-256 against foundry's cast.</summary>
public sealed class CastHashTests
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

    [Fact]
    public void Keccak_of_a_signature_gives_the_well_known_transfer_topic()
    {
        Assert.Equal(
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            Keccak256.Hash(Encoding.ASCII.GetBytes("Transfer(address,address,uint256)")).ToString());
    }
}
