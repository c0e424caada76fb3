using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Chain;

/// <summary>What the registry says about a circuit's prover files (<c>circuitMetadata</c>).</summary>
public sealed record RegisteredCircuit(string Name, ulong Constraints, Hash32 WasmHash, Hash32 ZkeyHash, string Uri);
