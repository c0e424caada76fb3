using OnchainMarket.Fleet.Queue;

namespace OnchainMarket.Fleet.Coordinator;

/// <summary>A running job that would miss its window, and the idle worker projected to finish it in time.</summary>
public sealed record Handover(RunningJob Job, string To, DateTimeOffset ProjectedEnd, DateTimeOffset TheirEnd, DateTimeOffset Deadline);
