using OnchainMarket.Fleet.Queue;

namespace OnchainMarket.Fleet.Coordinator;

/// <summary>
/// What the forecast advises: jobs to hand over, and jobs that will miss their window with no worker
/// able to save them (while there are any, the fleet takes no new work).
/// </summary>
public sealed record ForecastPlan(IReadOnlyList<Handover> Handovers, IReadOnlyList<RunningJob> AtRisk)
{
    public static ForecastPlan None { get; } = new([], []);
}
