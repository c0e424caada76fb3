using Xunit;
using OnchainMarket.Prover.Tests.Compatibility;
using OnchainMarket.Prover.Witness;

namespace OnchainMarket.Prover.Tests.Witness;

[Collection(CircuitCollection.Name)]
public sealed class WitnessCalculatorTests(CircuitFixture circuits)
{
    [Theory]
    [InlineData("multi", TestInputs.Multi)]
    [InlineData("poseidon", TestInputs.Poseidon)]
    public void Witness_is_byte_identical_to_circoms_generate_witness_js(string circuit, string json)
    {
        var input = circuits.WriteInput($"{circuit}.identical.json", json);
        var reference = File.ReadAllBytes(circuits.ReferenceWitness(circuit, input, $"{circuit}.reference.wtns"));

        using var calculator = new WitnessCalculator(circuits.Wasm(circuit));
        var ours = calculator.Calculate(input).Serialize();

        Assert.Equal(reference.Length, ours.Length);
        Assert.True(reference.AsSpan().SequenceEqual(ours), "the .wtns bytes differ from generate_witness.js");
    }

    [Fact]
    public void One_calculator_computes_several_witnesses_in_a_row()
    {
        using var calculator = new WitnessCalculator(circuits.Wasm("multi"));
        var first = calculator.Calculate(CircuitInput.Parse(TestInputs.Multi));
        var second = calculator.Calculate(CircuitInput.Parse(TestInputs.Multi.Replace("\"a\": \"3\"", "\"a\": \"4\"", StringComparison.Ordinal)));
        var again = calculator.Calculate(CircuitInput.Parse(TestInputs.Multi));

        Assert.Equal(first.Values, again.Values);
        Assert.NotEqual(first.Values, second.Values);
    }

    [Fact]
    public void Failed_assert_is_reported_with_the_circuits_own_message()
    {
        using var calculator = new WitnessCalculator(circuits.Wasm("multi"));
        var input = CircuitInput.Parse(TestInputs.Multi.Replace("\"a\": \"3\"", "\"a\": 12345", StringComparison.Ordinal));

        var error = Assert.Throws<WitnessCalculationException>(() => calculator.Calculate(input));

        Assert.Equal(4, error.Code);
        Assert.Contains("Assert Failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("Multi", error.CircuitMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_signal_is_named_in_the_error()
    {
        using var calculator = new WitnessCalculator(circuits.Wasm("multi"));
        var input = CircuitInput.Parse("""{"a": 1, "b": 1, "c": 1, "x": [1, 2, 3], "m": [[1, 2], [3, 4]], "bogus": 1}""");

        var error = Assert.Throws<WitnessCalculationException>(() => calculator.Calculate(input));

        Assert.Contains("bogus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_values_for_an_array_signal_is_an_error()
    {
        using var calculator = new WitnessCalculator(circuits.Wasm("multi"));
        var input = CircuitInput.Parse("""{"a": 1, "b": 1, "c": 1, "x": [1, 2, 3, 4], "m": [[1, 2], [3, 4]]}""");

        var error = Assert.Throws<WitnessCalculationException>(() => calculator.Calculate(input));

        Assert.Contains("Too many values for input signal x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_is_an_error()
    {
        using var calculator = new WitnessCalculator(circuits.Wasm("multi"));
        var input = CircuitInput.Parse("""{"a": 1, "b": 1, "x": [1, 2, 3], "m": [[1, 2], [3, 4]]}""");

        var error = Assert.Throws<WitnessCalculationException>(() => calculator.Calculate(input));

        Assert.Contains("Not all inputs have been set", error.Message, StringComparison.Ordinal);
    }
}
