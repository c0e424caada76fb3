namespace OnchainMarket.Simulation.Measured;

/// <summary>
/// The live phase of the measured run: the devnet mines a block every <see cref="BlockSeconds"/>
/// of wall-clock time, requests arrive as a Poisson process (several open at once), every prover
/// reacts as its transactions and proofs complete, and latency is wall-clock time.
/// </summary>
public sealed record LiveSettings
{
    /// <summary>Mean wall-clock seconds between two requests (exponential gaps).</summary>
    public double MeanArrivalSeconds { get; init; } = 2.5;

    public int BlockSeconds { get; init; } = 1;

    /// <summary>Sealed-bid windows in the live phase: a few blocks each, so that a commit sent on seeing the submission still lands in time.</summary>
    public long CommitWindowSeconds { get; init; } = 3;

    public long RevealWindowSeconds { get; init; } = 3;

    /// <summary>Longest one mechanism's live phase may take after its last arrival before what is still open counts as failed.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(3);

    public void Validate()
    {
        if (!(MeanArrivalSeconds > 0))
        {
            throw new ArgumentException($"the live phase's mean gap between requests must be positive, got {MeanArrivalSeconds}");
        }
        if (BlockSeconds < 1 || CommitWindowSeconds < 2 * BlockSeconds || RevealWindowSeconds < 2 * BlockSeconds)
        {
            throw new ArgumentException("the live phase needs blocks of at least 1 s and sealed-bid windows of at least two blocks");
        }
    }
}
