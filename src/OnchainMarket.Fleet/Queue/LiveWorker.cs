namespace OnchainMarket.Fleet.Queue;

/// <summary>
/// A worker seen recently, its backend, its measured seconds per proof by circuit id, and its record:
/// proofs the coordinator refused, and whether that barred it (a barred worker proves nothing more).
/// </summary>
public sealed record LiveWorker(string Name, string Backend, DateTimeOffset LastSeen, IReadOnlyDictionary<string, double> SecondsPerCircuit, int BadProofs = 0, bool Barred = false);
