using OnchainMarket.Agent.Logging;
using Xunit;

namespace OnchainMarket.Agent.Tests.Logging;

public sealed class StructuredLogTests
{
    private static string KeyValueLine(object? value)
    {
        var writer = new StringWriter();
        new StructuredLog(writer, "prover", json: false).Warn("circuit_unusable", ("reason", value), ("after", "x"));
        return writer.ToString();
    }

    [Theory]
    [InlineData("bad\ntime=2026-01-01T00:00:00Z level=error source=prover event=slashed")]
    [InlineData("bad\rlevel=error")]
    [InlineData("tab\tevent=forged")]
    [InlineData("esc\u001b[2Jcleared")]
    [InlineData("line\u2028separator")]
    public void A_chain_supplied_value_with_control_characters_stays_one_line_and_one_field(string hostile)
    {
        var text = KeyValueLine(hostile);

        // One record, ended by the writer's newline only.
        Assert.Equal(text.Length - Environment.NewLine.Length, text.IndexOf(Environment.NewLine, StringComparison.Ordinal));
        Assert.DoesNotContain('\r', text.TrimEnd('\r', '\n'));
        Assert.DoesNotContain('\t', text);
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u2028', text);
        // The hostile text is one quoted field that reads back exactly; the next field follows it.
        var line = text.TrimEnd();
        var start = line.IndexOf(" reason=", StringComparison.Ordinal) + " reason=".Length;
        var end = line.LastIndexOf(" after=x", StringComparison.Ordinal);
        Assert.Equal(line.Length - " after=x".Length, end);
        Assert.Equal(hostile, System.Text.Json.JsonSerializer.Deserialize<string>(line[start..end]));
    }

    [Fact]
    public void A_value_with_a_quote_or_equals_sign_is_quoted_and_reads_back_exactly()
    {
        var text = KeyValueLine("a=\"b\" c").TrimEnd();
        var start = text.IndexOf("reason=", StringComparison.Ordinal) + "reason=".Length;
        var end = text.IndexOf(" after=", StringComparison.Ordinal);
        Assert.Equal("a=\"b\" c", System.Text.Json.JsonSerializer.Deserialize<string>(text[start..end]));
    }

    [Fact]
    public void Plain_values_stay_unquoted()
    {
        Assert.Contains(" reason=0xabc123 ", KeyValueLine("0xabc123"), StringComparison.Ordinal);
    }
}
