using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Proving;

/// <summary>A circuit's files on this machine, checked against the registry's content hashes.</summary>
public sealed record CircuitFiles(Hash32 CircuitId, string Name, ulong Constraints, string WasmPath, string ZkeyPath);
