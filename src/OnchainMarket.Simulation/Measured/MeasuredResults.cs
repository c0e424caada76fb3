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
    public MeasuredRun? Find(int k, Mechanisms.MechanismKind mechanism) => Runs.FirstOrDefault(r => r.K == k && r.Mechanism == mechanism);
}
