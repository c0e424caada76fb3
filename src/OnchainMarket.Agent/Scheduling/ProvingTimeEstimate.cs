using System.Collections.Concurrent;

namespace OnchainMarket.Agent.Scheduling;

/// <summary>
/// A moving estimate of one proof's time per circuit, from this process's real proofs. The cost
/// model is calibrated once at start; a CPU hog that arrives later makes proofs slower than that
/// figure, and a feasibility check on it would take jobs it cannot prove in time (and be slashed).
/// The estimate rises at once to a slower proof (promises assume the worst recent case) and falls
/// back only gradually when proofs speed up again, so one lucky proof does not invite over-commit.
/// Thread-safe.
/// </summary>
public sealed class ProvingTimeEstimate
{
    private readonly ConcurrentDictionary<string, double> _seconds = new(StringComparer.Ordinal);

    /// <param name="decay">Weight of a faster observation, in (0, 1]: 1 follows it at once, small values fall slowly.</param>
    public ProvingTimeEstimate(double decay = 0.25)
    {
        if (!(decay > 0 && decay <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "decay must be in (0, 1]");
        }
        Decay = decay;
    }

    public double Decay { get; }

    /// <summary>Records one real proof of <paramref name="circuitId"/> that took <paramref name="elapsed"/>.</summary>
    public void Observe(string circuitId, TimeSpan elapsed)
    {
        ArgumentException.ThrowIfNullOrEmpty(circuitId);
        if (elapsed < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(elapsed), elapsed, "a proof cannot take negative time");
        }
        var observed = elapsed.TotalSeconds;
        _seconds.AddOrUpdate(circuitId, observed, (_, old) => observed >= old ? observed : old + Decay * (observed - old));
    }

    /// <summary>The estimate for <paramref name="circuitId"/>, or null before its first real proof here.</summary>
    public TimeSpan? For(string circuitId) =>
        _seconds.TryGetValue(circuitId, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>
    /// The time to plan with: the larger of the start-up calibration and the measured estimate, so
    /// a machine that got slower is planned as slow, and one never planned faster than calibrated.
    /// </summary>
    public TimeSpan Planned(string circuitId, TimeSpan calibrated) =>
        For(circuitId) is { } measured && measured > calibrated ? measured : calibrated;
}
