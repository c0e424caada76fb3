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

    /// <summary>The live phase per K and mechanism (empty when it was not run).</summary>
    public IReadOnlyList<LiveRun> LiveRuns { get; init; } = [];

    /// <summary>Wall-clock time the live phase took.</summary>
    public TimeSpan LiveElapsed { get; init; }

    public MeasuredRun? Find(int k, Mechanisms.MechanismKind mechanism) => Runs.FirstOrDefault(r => r.K == k && r.Mechanism == mechanism);
}
