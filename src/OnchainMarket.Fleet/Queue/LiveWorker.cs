namespace OnchainMarket.Fleet.Queue;

/// <summary>A worker seen recently, its backend, and its measured seconds per proof by circuit id.</summary>
public sealed record LiveWorker(string Name, string Backend, DateTimeOffset LastSeen, IReadOnlyDictionary<string, double> SecondsPerCircuit);
