using System.Globalization;
using System.Numerics;
using System.Text;
using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Witness;
using Xunit;

namespace OnchainMarket.Agent.Tests.Hostile;

/// <summary>H6: a request's input is a stranger's JSON; parsing it is capped and linear.</summary>
public sealed class InputParsingTests
{
    [Fact]
    public void Hex_octal_and_binary_strings_read_the_same_values_as_a_reference_parser()
    {
        var random = new Random(15);
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(1, 40)];
            random.NextBytes(bytes);
            var value = new BigInteger(bytes, isUnsigned: true);
            var hex = value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
            var binary = value.IsZero ? "0" : string.Concat(Enumerable.Range(0, (int)value.GetBitLength()).Reverse().Select(b => (value >> b & 1).IsZero ? '0' : '1'));
            var octal = Octal(value);
            var input = CircuitInput.Parse($"{{\"h\": \"0x{(i % 2 == 0 ? hex.ToUpperInvariant() : hex)}\", \"o\": \"0o{octal}\", \"b\": \"0b{binary}\"}}");
            Assert.All(input.Signals, s => Assert.Equal(value, s.Value.Single()));
        }
    }

    private static string Octal(BigInteger value)
    {
        if (value.IsZero)
        {
            return "0";
        }
        var digits = new StringBuilder();
        for (; !value.IsZero; value >>= 3)
        {
            digits.Insert(0, (char)('0' + (int)(value & 7)));
        }
        return digits.ToString();
    }

    [Theory]
    [InlineData("0x")]
    [InlineData("0o")]
    [InlineData("0b")]
    [InlineData("")]
    public void A_hundred_thousand_digit_number_is_refused_naming_the_signal(string prefix)
    {
        var digits = new string(prefix == "0b" ? '1' : '7', 100_000);
        var e = Assert.Throws<ProverInputException>(() => CircuitInput.Parse($"{{\"a\": \"{prefix}{digits}\"}}"));
        Assert.Contains($"signal a: a number of {prefix.Length + digits.Length} characters is longer than {CircuitInput.MaxNumberChars}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Eighty_thousand_keys_parse_with_repeated_names_keeping_the_last_value()
    {
        var json = new StringBuilder("{");
        for (var i = 0; i < 80_000; i++)
        {
            json.Append(CultureInfo.InvariantCulture, $"\"k{i}\": {i}, ");
        }
        json.Append("\"k7\": 99}");

        var input = CircuitInput.Parse(json.ToString());

        Assert.Equal(80_000, input.Signals.Count);
        Assert.Equal(new BigInteger(99), input.Signals[7].Value.Single());
        Assert.Equal(new BigInteger(79_999), input.Signals[^1].Value.Single());
    }

    [Fact]
    public void A_signal_name_longer_than_the_cap_is_refused()
    {
        var name = new string('n', CircuitInput.MaxNameChars + 1);
        var e = Assert.Throws<ProverInputException>(() => CircuitInput.Parse($"{{\"{name}\": 1}}"));
        Assert.Contains("longer than", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0xg1")]
    [InlineData("0o8")]
    [InlineData("0b2")]
    public void A_bad_digit_is_refused(string text) =>
        Assert.Throws<ProverInputException>(() => CircuitInput.Parse($"{{\"a\": \"{text}\"}}"));
}
