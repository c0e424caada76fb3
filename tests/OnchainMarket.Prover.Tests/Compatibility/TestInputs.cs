namespace OnchainMarket.Prover.Tests.Compatibility;

/// <summary>Inputs for the test circuits, written in the mixed notations circom's JS accepts.</summary>
internal static class TestInputs
{
    // Decimal and hex strings, numbers, a negative value (reduced mod p), a nested array.
    public const string Multi = """{"a": "3", "b": 5, "c": "0x7", "x": [1, 2, 3], "m": [["1", "0x2"], ["3", "-4"]]}""";

    public const string Poseidon = """{"preimage": ["1", "2"], "salt": "123456789123456789", "nonce": 42}""";
}
