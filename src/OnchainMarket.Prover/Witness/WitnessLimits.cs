namespace OnchainMarket.Prover.Witness;

/// <summary>
/// Bounds on running a witness generator someone else wrote (a permissionless registry's circuit):
/// wall time, linear memory, witness size and the length of what it prints. Exceeding one is a
/// <see cref="WitnessCalculationException"/> naming the limit, never a hang or an exhausted machine.
/// </summary>
public sealed record WitnessLimits
{
    /// <summary>Longest a calculation (instantiation included) may run; Wasmtime's epoch interruption traps it then.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest the module's linear memory may grow to (memory.grow beyond it fails).</summary>
    public long MaxMemoryBytes { get; init; } = 2L << 30;

    /// <summary>Most witness values accepted (the zkey's variable count when known), checked before allocating.</summary>
    public int MaxWitnessSize { get; init; } = 50_000_000;

    /// <summary>Longest error or log message kept from the circuit, in characters.</summary>
    public int MaxMessageChars { get; init; } = 4096;

    public static WitnessLimits Default { get; } = new();
}
