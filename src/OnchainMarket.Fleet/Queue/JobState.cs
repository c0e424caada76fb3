using System.Numerics;

namespace OnchainMarket.Fleet.Queue;

/// <summary>Where a job stands in the queue: its phase, and the proof once one was written.</summary>
public sealed record JobState(string Phase, string? LeaseOwner, int Attempts, IReadOnlyList<BigInteger>? Proof, string? ProvedBy, double? ProveSeconds, string? Error);
