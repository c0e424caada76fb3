using OnchainMarket.Fleet.Queue;

namespace OnchainMarket.Fleet.Coordinator;

/// <summary>The live workers and the number of queued jobs no worker has started.</summary>
public sealed record FleetView(IReadOnlyList<LiveWorker> Workers, int Waiting)
{
    public static FleetView Empty { get; } = new([], 0);
}
