using System.Numerics;
using System.Text.Json;
using Nethereum.Contracts;
using Nethereum.Contracts.CQS;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Contracts.CircuitRegistry.ContractDefinition;
using OnchainMarket.Contracts.ExampleRollup.ContractDefinition;
using OnchainMarket.Contracts.ProofMarket.ContractDefinition;
using OnchainMarket.Contracts.RestakingVault.ContractDefinition;
using OnchainMarket.Contracts.TestStakeToken.ContractDefinition;
using OnchainMarket.Ethereum;
using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Setup;
using TransactionReceipt = Nethereum.RPC.Eth.DTOs.TransactionReceipt;

namespace OnchainMarket.Devnet.Deploy;

/// <summary>
/// Deploys the whole market to a fresh chain with the generated deployment messages: the stake token, the
/// collateral (the RestakingVault, or with <see cref="CollateralKind.Symbiotic"/> Symbiotic's core, a vault and
/// our stake source through <see cref="SymbioticCollateralScript"/>), the CircuitRegistry, the ProofMarket
/// (authorised to slash in the collateral), the demo circuits (verification keys from their proving keys, content
/// hashes of their files) and the ExampleRollup; then funds the given accounts with stake tokens.
/// </summary>
public sealed class DevnetDeployer(ChainSender deployer, Action<string>? progress = null)
{
    /// <summary>Withdrawals wait longer than any request lives (the protocol's rule), kept short for a devnet.</summary>
    public long WithdrawalDelaySeconds { get; init; } = 3600;

    public long CommissionDelaySeconds { get; init; } = 600;

    /// <summary>Where provers' collateral lives. With Symbiotic the vault's epoch is one second longer than
    /// <see cref="WithdrawalDelaySeconds"/>, so the stake source's slash window equals the vault's delay.</summary>
    public CollateralKind Collateral { get; init; } = CollateralKind.Vault;

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
        var owner = deployer.Address.ToLowerHex();
        var firstBlock = (long)(await deployer.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false)).Value + 1;

        progress?.Invoke($"deploying the stake token (rsETH), the {Collateral.ToString().ToLowerInvariant()} collateral, registry and market");
        var token = await DeployAsync(new TestStakeTokenDeployment { Name = "Restaked ETH", Symbol = "rsETH" }, cancellationToken).ConfigureAwait(false);
        Address? vault = null;
        SymbioticDeployment? symbiotic = null;
        if (Collateral == CollateralKind.Symbiotic)
        {
            // The vault's curator (the deployer) gives each prover account one share of the network limit.
            var operators = accounts.Where(a => a.Key.StartsWith("prover", StringComparison.Ordinal)).Select(a => a.Value).ToList();
            symbiotic = await SymbioticCollateralScript.RunAsync(deployer.Web3, rpcUrl, deployer.Address, token, checked(WithdrawalDelaySeconds + 1), operators, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            vault = await DeployAsync(new RestakingVaultDeployment
            {
                Staketoken = token.ToLowerHex(), Withdrawaldelay = checked((ulong)WithdrawalDelaySeconds), Commissiondelay = checked((ulong)CommissionDelaySeconds), InitialOwner = owner,
            }, cancellationToken).ConfigureAwait(false);
        }
        var stake = (vault?.ToLowerHex() ?? symbiotic!.StakeSource.ToLowerInvariant());
        var registry = await DeployAsync(new CircuitRegistryDeployment(), cancellationToken).ConfigureAwait(false);
        // The market's two modules are separate creations (one would pass EIP-3860's initcode limit).
        var extension = await DeployAsync(new OnchainMarket.Contracts.ProofMarketExtension.ContractDefinition.ProofMarketExtensionDeployment { Verifier = registry.ToLowerHex(), Stake = stake }, cancellationToken)
            .ConfigureAwait(false);
        var slashing = await DeployAsync(new OnchainMarket.Contracts.SlashingModule.ContractDefinition.SlashingModuleDeployment { Verifier = registry.ToLowerHex(), Stake = stake }, cancellationToken)
            .ConfigureAwait(false);
        var market = await DeployAsync(new ProofMarketDeployment
        {
            Verifier = registry.ToLowerHex(), Stake = stake, Owner = owner, Treasury = owner,
            Extension = extension.ToLowerHex(), Slashing = slashing.ToLowerHex(),
        }, cancellationToken).ConfigureAwait(false);
        // Either source takes its slasher the same way (owner only); each has its own generated message.
        await (vault is { } v
            ? SendAsync(v, new SetSlasherFunction { Slasher = market.ToLowerHex(), Allowed = true }, "setSlasher", cancellationToken)
            : SendAsync(Address.Parse(stake), new OnchainMarket.Contracts.SymbioticStakeSource.ContractDefinition.SetSlasherFunction { Slasher = market.ToLowerHex(), Allowed = true }, "setSlasher",
                cancellationToken)).ConfigureAwait(false);

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
            var sequencer = accounts.TryGetValue("requester", out var r) ? r.ToLowerHex() : owner;
            rollup = await DeployAsync(new ExampleRollupDeployment
            {
                Market = market.ToLowerHex(), Circuitid = Hash32.Parse(rollupEntry.CircuitId).ToArray(), Sequencer = sequencer, GenesisRoot = GenesisRoot,
            }, cancellationToken).ConfigureAwait(false);
        }

        progress?.Invoke($"funding {accounts.Count} accounts with stake tokens");
        foreach (var account in accounts.Values)
        {
            await SendAsync(token, new MintFunction { To = account.ToLowerHex(), Amount = stakePerAccount }, "mint", cancellationToken).ConfigureAwait(false);
        }

        var chainId = (long)(await deployer.Web3.Eth.ChainId.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false)).Value;
        return new Deployment
        {
            RpcUrl = rpcUrl,
            ChainId = chainId,
            Registry = registry.ToString(),
            Collateral = Collateral,
            Vault = vault?.ToString(),
            Symbiotic = symbiotic,
            Market = market.ToString(),
            StakeToken = token.ToString(),
            Rollup = rollup?.ToString(),
            DeployBlock = firstBlock,
            Circuits = deployed,
            Accounts = accounts.ToDictionary(a => a.Key, a => a.Value.ToString()),
        };
    }

    private async Task<Address> DeployAsync<TDeployment>(TDeployment deployment, CancellationToken cancellationToken)
        where TDeployment : ContractDeploymentMessage, new()
    {
        var data = HexConvert.FromHex(new Nethereum.Contracts.MessageEncodingServices.DeploymentMessageEncodingService<TDeployment>().GetDeploymentData(deployment));
        var what = "deploy " + typeof(TDeployment).Name.Replace("Deployment", "", StringComparison.Ordinal);
        var receipt = await deployer.SendAsync(new TransactionRequest { Data = data }, what, cancellationToken: cancellationToken).ConfigureAwait(false);
        return receipt.ContractAddress is { } created ? Address.Parse(created) : throw new InvalidOperationException($"{what} created no contract");
    }

    private Task<TransactionReceipt> SendAsync<TFunction>(Address at, TFunction message, string what, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new() =>
        deployer.SendAsync(new TransactionRequest { To = at, Data = message.GetCallData() }, what, cancellationToken: cancellationToken);

    private async Task<DeployedCircuit> RegisterAsync(Address registry, CompiledCircuit circuit, CancellationToken cancellationToken)
    {
        var wasmHash = CircuitLibrary.HashFile(circuit.WasmPath);
        var zkeyHash = CircuitLibrary.HashFile(circuit.ZkeyPath);
        var register = new RegisterCircuitFunction
        {
            Vk = VerifyingKey(ZkeyFile.Read(circuit.ZkeyPath)),
            Metadata = new CircuitMetadata
            {
                Name = circuit.Name,
                Constraints = circuit.Constraints,
                WasmHash = wasmHash.ToArray(),
                ZkeyHash = zkeyHash.ToArray(),
                // Provers without the files fetch them from here (the folder holds <name>.wasm and <name>.zkey).
                Uri = "file://" + Path.GetDirectoryName(circuit.ZkeyPath),
            },
        };
        var receipt = await SendAsync(registry, register, $"registerCircuit {circuit.Name}", cancellationToken).ConfigureAwait(false);
        var registered = MarketEventDecoder.Events<CircuitRegisteredEventDTO>(receipt.Logs.ConvertToFilterLog(), registry).Single();
        return new DeployedCircuit
        {
            Name = circuit.Name,
            CircuitId = new Hash32(registered.CircuitId).ToString(),
            Constraints = circuit.Constraints,
            PublicInputs = circuit.PublicInputs,
            Wasm = circuit.WasmPath,
            Zkey = circuit.ZkeyPath,
            WasmHash = wasmHash.ToString(),
            ZkeyHash = zkeyHash.ToString(),
        };
    }

    /// <summary>The registry's VerifyingKey (alpha1, beta2, gamma2, delta2, ic) from a zkey.</summary>
    public static VerifyingKey VerifyingKey(ZkeyFile zkey) => RegistryVerifyingKey.FromZkey(zkey);
}
