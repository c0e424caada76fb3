using OnchainMarket.Fleet.Queue;

namespace OnchainMarket.Fleet.Coordinator;

/// <summary>
/// One look at the fleet: the live workers, the queued jobs no worker has started, the workers holding a
/// lease, and the forecast's advice on the running jobs.
/// </summary>
public sealed record FleetView(IReadOnlyList<LiveWorker> Workers, int Waiting, IReadOnlySet<string> Busy, ForecastPlan Plan)
{
    public static FleetView Empty { get; } = new([], 0, new HashSet<string>(), ForecastPlan.None);

    /// <summary>Running jobs projected past their window that no idle worker can save.</summary>
    public int AtRisk => Plan.AtRisk.Count;
}
