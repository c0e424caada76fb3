namespace OnchainMarket.Agent.Chain;

/// <summary>A circuit registered on the devnet, with where its prover files are.</summary>
public sealed record DeployedCircuit
{
    public required string Name { get; init; }

    /// <summary>0x-hex bytes32.</summary>
    public required string CircuitId { get; init; }

    public required ulong Constraints { get; init; }

    public required int PublicInputs { get; init; }

    /// <summary>The witness generator (.wasm), absolute path.</summary>
    public required string Wasm { get; init; }

    /// <summary>The proving key (.zkey), absolute path.</summary>
    public required string Zkey { get; init; }

    public string? WasmHash { get; init; }

    public string? ZkeyHash { get; init; }
}
