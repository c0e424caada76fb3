using System.Numerics;
using CsCheck;
using OnchainMarket.Agent.Units;
using Xunit;

namespace OnchainMarket.Agent.Tests.Units;

public sealed class TokenAmountTests
{
    [Theory]
    [InlineData("0.01ether", "10000000000000000")]
    [InlineData("2gwei", "2000000000")]
    [InlineData("1500wei", "1500")]
    [InlineData("1500", "1500")]
    [InlineData("1.5 eth", "1500000000000000000")]
    [InlineData("0.1ether", "100000000000000000")]
    [InlineData(".5gwei", "500000000")]
    [InlineData("1_000gwei", "1000000000000")]
    [InlineData("3ETHER", "3000000000000000000")]
    [InlineData("0.000000000000000001ether", "1")]
    public void Amounts_with_units_parse_to_exact_wei(string text, string wei) =>
        Assert.Equal(BigInteger.Parse(wei), TokenAmount.Parse(text));

    [Theory]
    [InlineData("", "required")]
    [InlineData("ether", "no number")]
    [InlineData("-1ether", "sign")]
    [InlineData("0.0000000001gwei", "decimal places")]
    [InlineData("1.2.3ether", "not a valid amount")]
    [InlineData("1e18", "not a valid amount")]
    [InlineData("ten gwei", "not a valid amount")]
    public void Bad_amounts_are_refused_with_a_reason(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => TokenAmount.Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Formatting_as_ether_and_parsing_back_is_the_identity() =>
        Gen.Select(Gen.ULong, Gen.ULong[0, 1_000_000]).Sample((low, high) =>
        {
            var wei = (new BigInteger(high) << 64) + low;
            var text = TokenAmount.FormatEther(wei, "ether").Replace(" ", string.Empty, StringComparison.Ordinal);
            Assert.Equal(wei, TokenAmount.Parse(text));
        });

    [Fact]
    public void Gwei_formatting_keeps_fractions() =>
        Assert.Equal("1.5 gwei", TokenAmount.FormatGwei(1_500_000_000));

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("2h", 7200)]
    [InlineData("45", 45)]
    public void Durations_parse_to_seconds(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("-5s")]
    [InlineData("1.5m")]
    [InlineData("fortnight")]
    public void Bad_durations_are_refused(string text) =>
        Assert.Throws<FormatException>(() => DurationText.Parse(text));
}
