namespace OnchainMarket.Fleet.Queue;

/// <summary>A circuit as the registry describes its prover files (content hashes as 0x hex).</summary>
public sealed record FleetCircuit(string CircuitId, string Name, ulong Constraints, string WasmHash, string ZkeyHash, string Uri);
