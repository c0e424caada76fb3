namespace OnchainMarket.Agent.Scheduling;

/// <summary>
/// The capacity a coordinator declares on chain for its fleet: one job per live, unbarred worker,
/// at most the operator's ceiling (<c>--capacity</c>), and never below the jobs it already holds.
/// The market only checks <c>active &lt; maxConcurrent</c> when it assigns, so declaring fewer than
/// held would not shed a job; it would only make a winning sealed bid fail its assignment.
/// </summary>
public static class FleetCapacity
{
    /// <param name="held">Jobs held now, pending bids included (the larger of the agent's count and the chain's <c>active</c>).</param>
    public static int Figure(int liveWorkers, int ceiling, int held) =>
        Math.Max(Math.Max(held, 0), Math.Min(Math.Max(liveWorkers, 0), ceiling));

    /// <summary>
    /// Whether <paramref name="figure"/> should be sent now: always the first time; a rise at once
    /// (a worker joined: the fleet can take work); a fall at most once per <paramref name="interval"/>,
    /// so a worker that misses a heartbeat or two costs no stream of transactions.
    /// </summary>
    public static bool Due(int figure, int? declared, DateTimeOffset declaredAt, DateTimeOffset now, TimeSpan interval) =>
        declared is not { } current || figure > current || (figure < current && now - declaredAt >= interval);
}
