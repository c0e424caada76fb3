using System.Numerics;
using System.Text.Json;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Ethereum;
using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Setup;

namespace OnchainMarket.Agent.Deploy;

/// <summary>
/// Deploys the whole market to a fresh chain from forge's artifacts: the stake token, the
/// RestakingVault, the CircuitRegistry, the ProofMarket (authorised to slash in the vault), the
/// demo circuits (verification keys from their proving keys, content hashes of their files) and
/// the ExampleRollup; then funds the given accounts with stake tokens.
/// </summary>
public sealed class DevnetDeployer(JsonRpcClient rpc, ChainSender deployer, Action<string>? progress = null)
{
    /// <summary>Withdrawals wait longer than any request lives (the protocol's rule), kept short for a devnet.</summary>
    public long WithdrawalDelaySeconds { get; init; } = 3600;

    public long CommissionDelaySeconds { get; init; } = 600;

    /// <summary>Genesis state root of the example rollup.</summary>
    public BigInteger GenesisRoot { get; init; } = 1;

    public async Task<Deployment> DeployAsync(
        string rpcUrl,
        IReadOnlyList<CompiledCircuit> circuits,
        string rollupCircuit,
        IReadOnlyDictionary<string, Address> accounts,
        BigInteger stakePerAccount,
        CancellationToken cancellationToken = default)
    {
        var owner = deployer.Address;
        var firstBlock = await rpc.GetBlockNumberAsync(cancellationToken).ConfigureAwait(false) + 1;

        progress?.Invoke("deploying the stake token (rsETH), vault, registry and market");
        var token = await DeployAsync("TestStakeToken", cancellationToken, "Restaked ETH", "rsETH").ConfigureAwait(false);
        var vault = await DeployAsync("RestakingVault", cancellationToken, token, WithdrawalDelaySeconds, CommissionDelaySeconds, owner).ConfigureAwait(false);
        var registry = await DeployAsync("CircuitRegistry", cancellationToken).ConfigureAwait(false);
        // The market's two modules are separate creations (one would pass EIP-3860's initcode limit).
        var extension = await DeployAsync("ProofMarketExtension", cancellationToken, registry, vault).ConfigureAwait(false);
        var slashing = await DeployAsync("SlashingModule", cancellationToken, registry, vault).ConfigureAwait(false);
        var market = await DeployAsync("ProofMarket", cancellationToken, registry, vault, owner, owner, extension, slashing).ConfigureAwait(false);
        await SendAsync("RestakingVault", vault, "setSlasher", cancellationToken, market, true).ConfigureAwait(false);

        var deployed = new List<DeployedCircuit>();
        foreach (var circuit in circuits)
        {
            progress?.Invoke($"registering circuit {circuit.Name} ({circuit.Constraints} constraints)");
            deployed.Add(await RegisterAsync(registry, circuit, cancellationToken).ConfigureAwait(false));
        }

        Address? rollup = null;
        var rollupEntry = deployed.FirstOrDefault(c => c.Name == rollupCircuit);
        if (rollupEntry is not null)
        {
            progress?.Invoke("deploying ExampleRollup");
            var sequencer = accounts.TryGetValue("requester", out var r) ? r : owner;
            rollup = await DeployAsync("ExampleRollup", cancellationToken, market, Hash32.Parse(rollupEntry.CircuitId), sequencer, GenesisRoot).ConfigureAwait(false);
        }

        progress?.Invoke($"funding {accounts.Count} accounts with stake tokens");
        foreach (var account in accounts.Values)
        {
            await SendAsync("TestStakeToken", token, "mint", cancellationToken, account, stakePerAccount).ConfigureAwait(false);
        }

        var chainId = await rpc.GetChainIdAsync(cancellationToken).ConfigureAwait(false);
        return new Deployment
        {
            RpcUrl = rpcUrl,
            ChainId = chainId,
            Registry = registry.ToString(),
            Vault = vault.ToString(),
            Market = market.ToString(),
            StakeToken = token.ToString(),
            Rollup = rollup?.ToString(),
            DeployBlock = firstBlock,
            Circuits = deployed,
            Accounts = accounts.ToDictionary(a => a.Key, a => a.Value.ToString()),
        };
    }

    private async Task<Address> DeployAsync(string contract, CancellationToken cancellationToken, params object?[] arguments)
    {
        var artifact = ContractArtifact.Load(contract);
        var receipt = await deployer.SendAsync(new TransactionRequest { Data = artifact.DeploymentData(arguments) }, $"deploy {contract}", cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return receipt.ContractAddress ?? throw new InvalidOperationException($"deploying {contract} created no contract");
    }

    private Task<TransactionReceipt> SendAsync(string contract, Address at, string function, CancellationToken cancellationToken, params object?[] arguments)
    {
        var artifact = ContractArtifact.Load(contract);
        return deployer.SendAsync(new TransactionRequest { To = at, Data = artifact.Abi.Function(function).EncodeCall(arguments) }, $"{contract}.{function}", cancellationToken: cancellationToken);
    }

    private async Task<DeployedCircuit> RegisterAsync(Address registry, CompiledCircuit circuit, CancellationToken cancellationToken)
    {
        var artifact = ContractArtifact.Load("CircuitRegistry");
        var register = artifact.Abi.Function("registerCircuit");
        var vk = VerifyingKey(ZkeyFile.Read(circuit.ZkeyPath));
        var wasmHash = CircuitLibrary.HashFile(circuit.WasmPath);
        var zkeyHash = CircuitLibrary.HashFile(circuit.ZkeyPath);
        var metadata = AbiStruct.Encode(register.Inputs[1].Type.Components, new Dictionary<string, object?>
        {
            ["name"] = circuit.Name,
            ["constraints"] = circuit.Constraints,
            ["wasmHash"] = wasmHash,
            ["zkeyHash"] = zkeyHash,
            // Provers without the files fetch them from here (the folder holds <name>.wasm and <name>.zkey).
            ["uri"] = "file://" + Path.GetDirectoryName(circuit.ZkeyPath),
        });
        var receipt = await deployer.SendAsync(new TransactionRequest { To = registry, Data = register.EncodeCall(vk, metadata) }, $"registerCircuit {circuit.Name}", cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var registered = new BoundContract(artifact, registry, rpc).Decode(receipt.Logs, "CircuitRegistered").Single();
        return new DeployedCircuit
        {
            Name = circuit.Name,
            CircuitId = new Hash32((byte[])registered["circuitId"]!).ToString(),
            Constraints = circuit.Constraints,
            PublicInputs = circuit.PublicInputs,
            Wasm = circuit.WasmPath,
            Zkey = circuit.ZkeyPath,
            WasmHash = wasmHash.ToString(),
            ZkeyHash = zkeyHash.ToString(),
        };
    }

    /// <summary>The registry's VerifyingKey tuple (alpha1, beta2, gamma2, delta2, ic) from a zkey.</summary>
    public static object?[] VerifyingKey(ZkeyFile zkey)
    {
        using var document = JsonDocument.Parse(VerificationKeyJson.Registry(zkey));
        var root = document.RootElement;
        static BigInteger Number(JsonElement e) => BigInteger.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        static object?[] Flat(JsonElement e) => e.ValueKind == JsonValueKind.Array
            ? [.. e.EnumerateArray().SelectMany(x => x.ValueKind == JsonValueKind.Array ? x.EnumerateArray().Select(Number) : [Number(x)]).Cast<object?>()]
            : throw new InvalidDataException("expected an array in the verification key");
        return
        [
            Flat(root.GetProperty("alpha1")),
            Flat(root.GetProperty("beta2")),
            Flat(root.GetProperty("gamma2")),
            Flat(root.GetProperty("delta2")),
            root.GetProperty("ic").EnumerateArray().Select(p => (object?)Flat(p)).ToArray(),
        ];
    }
}
