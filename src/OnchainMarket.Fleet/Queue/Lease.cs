namespace OnchainMarket.Fleet.Queue;

/// <summary>A job leased to one worker until <paramref name="Expires"/>; <paramref name="Attempt"/> counts leases, this one included.</summary>
public sealed record Lease(ProvingJob Job, string Worker, int Attempt, DateTimeOffset Expires);
