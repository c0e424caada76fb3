namespace OnchainMarket.Simulation.Mechanisms;

/// <summary>A trade in the orderbook: the request, the prover whose ask it matched, and the price.</summary>
public readonly record struct Match(long RequestId, int Prover, ulong Price);
