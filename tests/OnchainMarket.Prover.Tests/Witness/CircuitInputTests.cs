using Xunit;
using System.Numerics;
using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Witness;

namespace OnchainMarket.Prover.Tests.Witness;

public sealed class CircuitInputTests
{
    [Fact]
    public void Nested_objects_and_arrays_are_flattened_like_circoms_javascript()
    {
        var input = CircuitInput.Parse("""{"a": {"b": [[1, 2], [3, 4]]}, "list": [{"v": 5}, {"v": "0x10"}], "n": "-1"}""");

        var names = input.Signals.Select(s => s.Key).ToArray();
        Assert.Equal(["a.b", "list[0].v", "list[1].v", "n"], names);
        Assert.Equal(new BigInteger[] { 1, 2, 3, 4 }, input.Signals[0].Value);
        Assert.Equal(new BigInteger[] { 16 }, input.Signals[2].Value);
        Assert.Equal(new BigInteger[] { -1 }, input.Signals[3].Value);
    }

    [Theory]
    [InlineData("""{"a": 1.5}""")]
    [InlineData("""{"a": "12z"}""")]
    [InlineData("""{"a": null}""")]
    [InlineData("""{"a": [1, {"b": 2}]}""")]
    [InlineData("""[1, 2]""")]
    [InlineData("""{"a": [1, "2"]}""")]
    [InlineData("""{"a": """)]
    public void Values_that_are_not_integers_are_rejected_with_the_signal_named(string json)
    {
        var error = Assert.Throws<ProverInputException>(() => CircuitInput.Parse(json, "in.json"));
        Assert.StartsWith("in.json: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Signal_names_hash_with_fnv1a_64()
    {
        // FNV-1a 64 of the empty string is its offset basis; of "a" a published test vector.
        Assert.Equal(0xCBF29CE484222325UL, WitnessCalculator.Fnv1a(""));
        Assert.Equal(0xAF63DC4C8601EC8CUL, WitnessCalculator.Fnv1a("a"));
    }
}
