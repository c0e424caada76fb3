namespace OnchainMarket.Simulation.Mechanisms;

/// <summary>The outcome of one request's allocation: who won (an index into the caller's provers) and the price paid.</summary>
public readonly record struct Clearing(int Winner, ulong Price);
