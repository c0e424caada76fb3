namespace OnchainMarket.Fleet.Queue;

/// <summary>A refused proof's effect on its author: its bad proofs so far, and whether that barred it.</summary>
public sealed record RejectedProof(int BadProofs, bool Barred);
