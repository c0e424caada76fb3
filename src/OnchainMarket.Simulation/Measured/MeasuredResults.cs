namespace OnchainMarket.Simulation.Measured;

/// <summary>Everything the measured devnet run produced.</summary>
public sealed record MeasuredResults(
    IReadOnlyList<MeasuredRun> Runs,
    string ProverBackend,
    string Circuit,
    ulong Constraints,
    double CalibrationSeconds,
    TimeSpan Elapsed,
    MeasuredSettings Settings)
{
    /// <summary>One dropout per K driven through the contracts' slash-and-reopen path, against the model's rules.</summary>
    public IReadOnlyList<SlashReopenCheck> SlashChecks { get; init; } = [];

    public MeasuredRun? Find(int k, Mechanisms.MechanismKind mechanism) => Runs.FirstOrDefault(r => r.K == k && r.Mechanism == mechanism);
}
