namespace OnchainMarket.Devnet.Deploy;

/// <summary>A circom circuit compiled and given a (development) proving key.</summary>
public sealed record CompiledCircuit(string Name, string R1csPath, string WasmPath, string ZkeyPath, ulong Constraints, int PublicInputs);
