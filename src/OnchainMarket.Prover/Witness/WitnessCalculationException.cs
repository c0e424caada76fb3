namespace OnchainMarket.Prover.Witness;

/// <summary>
/// The circuit rejected its input: an assert failed, a signal is unknown, missing or has too many
/// values. <see cref="CircuitMessage"/> carries what the circuit itself printed (its error messages).
/// </summary>
public sealed class WitnessCalculationException(string message, int code, string circuitMessage) : Exception(message)
{
    /// <summary>circom's runtime error code (1 signal not found … 7 out of bounds), 0 when found before running.</summary>
    public int Code { get; } = code;

    /// <summary>The text the circuit passed to printErrorMessage, empty if none.</summary>
    public string CircuitMessage { get; } = circuitMessage;
}
