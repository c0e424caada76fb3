using System.Numerics;
using Nethereum.Contracts;
using Nethereum.Contracts.ContractHandlers;
using Nethereum.Web3;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Contracts.Symbiotic.NetworkRestakeDelegator;
using OnchainMarket.Contracts.Symbiotic.OperatorRegistry;
using OnchainMarket.Contracts.Symbiotic.OptInService;
using OnchainMarket.Contracts.Symbiotic.Vault;
using OnchainMarket.Contracts.SymbioticStakeSource;
using OnchainMarket.Ethereum;
using DelegatorDefinition = OnchainMarket.Contracts.Symbiotic.NetworkRestakeDelegator.ContractDefinition;
using RegistryDefinition = OnchainMarket.Contracts.Symbiotic.OperatorRegistry.ContractDefinition;
using OptInDefinition = OnchainMarket.Contracts.Symbiotic.OptInService.ContractDefinition;
using SymbioticVaultDefinition = OnchainMarket.Contracts.Symbiotic.Vault.ContractDefinition;
using SourceDefinition = OnchainMarket.Contracts.SymbioticStakeSource.ContractDefinition;
using TokenDefinition = OnchainMarket.Contracts.TestStakeToken.ContractDefinition;
using TransactionReceipt = Nethereum.RPC.Eth.DTOs.TransactionReceipt;

namespace OnchainMarket.Agent.Chain;

/// <summary>
/// Symbiotic collateral: the operator's own Symbiotic calls (register, opt in to the market's network and to the
/// vault, deposit into the vault) and the stake source's lock view. The market itself is the same for both
/// collateral kinds; only these calls differ from the RestakingVault's.
/// </summary>
public sealed partial class MarketContracts
{
    private readonly SymbioticContracts? _symbiotic;

    private SymbioticContracts Symbiotic => _symbiotic ?? throw new InvalidOperationException(
        $"the market at {Deployment.Market} keeps its collateral in a RestakingVault ({Deployment.Vault}), not in Symbiotic");

    public Task<bool> IsSymbioticOperatorAsync(Address account, CancellationToken cancellationToken = default) =>
        QueryAsync<RegistryDefinition.IsEntityFunction, bool>(Symbiotic.OperatorRegistry, new RegistryDefinition.IsEntityFunction { Entity = account.ToLowerHex() }, cancellationToken);

    /// <summary>OperatorRegistry.registerOperator for this account.</summary>
    public Task<TransactionReceipt> RegisterSymbioticOperatorAsync(CancellationToken cancellationToken = default) =>
        SendSymbioticAsync(Symbiotic.OperatorRegistry, new RegistryDefinition.RegisterOperatorFunction(), "Symbiotic registerOperator", cancellationToken);

    /// <summary>Whether <paramref name="account"/> opted in to the market's network (the stake source).</summary>
    public Task<bool> IsOptedInToNetworkAsync(Address account, CancellationToken cancellationToken = default) =>
        IsOptedInAsync(Symbiotic.NetworkOptIn, account, Symbiotic.StakeSource.ContractAddress, cancellationToken);

    public Task<TransactionReceipt> OptInToNetworkAsync(CancellationToken cancellationToken = default) =>
        SendSymbioticAsync(Symbiotic.NetworkOptIn, new OptInDefinition.OptInFunction { Where = Symbiotic.StakeSource.ContractAddress }, "Symbiotic network optIn", cancellationToken);

    /// <summary>Whether <paramref name="account"/> opted in to the Symbiotic vault.</summary>
    public Task<bool> IsOptedInToVaultAsync(Address account, CancellationToken cancellationToken = default) =>
        IsOptedInAsync(Symbiotic.VaultOptIn, account, Symbiotic.Vault.ContractAddress, cancellationToken);

    public Task<TransactionReceipt> OptInToVaultAsync(CancellationToken cancellationToken = default) =>
        SendSymbioticAsync(Symbiotic.VaultOptIn, new OptInDefinition.OptInFunction { Where = Symbiotic.Vault.ContractAddress }, "Symbiotic vault optIn", cancellationToken);

    /// <summary>Approves the Symbiotic vault for <paramref name="amount"/> of the stake token and deposits it for this account (a restaker's deposit: the curator's shares decide which operators it backs).</summary>
    public async Task<TransactionReceipt> DepositIntoSymbioticVaultAsync(BigInteger amount, CancellationToken cancellationToken = default)
    {
        await SendAsync(StakeToken, new TokenDefinition.ApproveFunction { Spender = Symbiotic.Vault.ContractAddress, Value = amount }, "approve stake", null, cancellationToken).ConfigureAwait(false);
        return await SendSymbioticAsync(Symbiotic.Vault, new SymbioticVaultDefinition.DepositFunction { OnBehalfOf = Account.ToLowerHex(), Amount = amount }, "Symbiotic vault deposit", cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>What <paramref name="account"/> has in the Symbiotic vault and has not asked out (Vault.activeBalanceOf).</summary>
    public Task<BigInteger> SymbioticActiveBalanceAsync(Address account, CancellationToken cancellationToken = default) =>
        QueryAsync<SymbioticVaultDefinition.ActiveBalanceOfFunction, BigInteger>(Symbiotic.Vault, new SymbioticVaultDefinition.ActiveBalanceOfFunction { Account = account.ToLowerHex() }, cancellationToken, NextBlock);

    /// <summary>
    /// Vault.withdraw for this account: <paramref name="amount"/> leaves the active stake now but stays slashable until
    /// the end of the next epoch (the vault pays slashes of captures in this epoch from it); it is claimable after.
    /// </summary>
    /// <returns>The epoch whose end makes it claimable (the one to pass to <see cref="ClaimSymbioticWithdrawalAsync"/>).</returns>
    public async Task<(BigInteger Epoch, TransactionReceipt Receipt)> WithdrawFromSymbioticVaultAsync(BigInteger amount, CancellationToken cancellationToken = default)
    {
        var receipt = await SendSymbioticAsync(Symbiotic.Vault, new SymbioticVaultDefinition.WithdrawFunction { Claimer = Account.ToLowerHex(), Amount = amount }, "Symbiotic vault withdraw", cancellationToken)
            .ConfigureAwait(false);
        // The epoch of the block it was mined in, not of the moment it was sent: an epoch may have ended in between.
        var minedIn = await QueryAsync<SymbioticVaultDefinition.CurrentEpochFunction, BigInteger>(Symbiotic.Vault, new SymbioticVaultDefinition.CurrentEpochFunction(), cancellationToken,
            new Nethereum.RPC.Eth.DTOs.BlockParameter(receipt.BlockNumber)).ConfigureAwait(false);
        return (minedIn + 1, receipt);
    }

    /// <summary>What <paramref name="account"/> asked out in <paramref name="epoch"/>, and whether it was claimed already.</summary>
    public async Task<(BigInteger Amount, bool Claimed)> SymbioticWithdrawalAsync(BigInteger epoch, Address account, CancellationToken cancellationToken = default)
    {
        var amount = await QueryAsync<SymbioticVaultDefinition.WithdrawalsOfFunction, BigInteger>(Symbiotic.Vault,
            new SymbioticVaultDefinition.WithdrawalsOfFunction { Epoch = epoch, Account = account.ToLowerHex() }, cancellationToken).ConfigureAwait(false);
        var claimed = await QueryAsync<SymbioticVaultDefinition.IsWithdrawalsClaimedFunction, bool>(Symbiotic.Vault,
            new SymbioticVaultDefinition.IsWithdrawalsClaimedFunction { Epoch = epoch, Account = account.ToLowerHex() }, cancellationToken).ConfigureAwait(false);
        return (amount, claimed);
    }

    /// <summary>Vault.claim: pays this account what it asked out in <paramref name="epoch"/> (after that epoch ended), less any slash since.</summary>
    public async Task<(BigInteger Amount, TransactionReceipt Receipt)> ClaimSymbioticWithdrawalAsync(BigInteger epoch, CancellationToken cancellationToken = default)
    {
        var receipt = await SendSymbioticAsync(Symbiotic.Vault, new SymbioticVaultDefinition.ClaimFunction { Recipient = Account.ToLowerHex(), Epoch = epoch }, "Symbiotic vault claim", cancellationToken)
            .ConfigureAwait(false);
        return (Events<SymbioticVaultDefinition.ClaimEventDTO>(receipt, Symbiotic.Vault).Single().Amount, receipt);
    }

    /// <summary>The curator's split of the market's network limit: <paramref name="operatorAddress"/>'s shares and all operators' together.</summary>
    public async Task<(BigInteger Shares, BigInteger Total)> OperatorNetworkSharesAsync(Address operatorAddress, CancellationToken cancellationToken = default)
    {
        var subnetwork = await SubnetworkAsync(cancellationToken).ConfigureAwait(false);
        var shares = await QueryAsync<DelegatorDefinition.OperatorNetworkSharesFunction, BigInteger>(Symbiotic.Delegator,
            new DelegatorDefinition.OperatorNetworkSharesFunction { Subnetwork = subnetwork, Operator = operatorAddress.ToLowerHex() }, cancellationToken, NextBlock).ConfigureAwait(false);
        var total = await QueryAsync<DelegatorDefinition.TotalOperatorNetworkSharesFunction, BigInteger>(Symbiotic.Delegator,
            new DelegatorDefinition.TotalOperatorNetworkSharesFunction { Subnetwork = subnetwork }, cancellationToken, NextBlock).ConfigureAwait(false);
        return (shares, total);
    }

    /// <summary>
    /// NetworkRestakeDelegator.setOperatorNetworkShares on the market's subnetwork: how a curator admits an operator
    /// (or changes its share of the vault's stake). The sender needs the delegator's OPERATOR_NETWORK_SHARES_SET_ROLE.
    /// </summary>
    public async Task<TransactionReceipt> SetOperatorNetworkSharesAsync(Address operatorAddress, BigInteger shares, CancellationToken cancellationToken = default)
    {
        var subnetwork = await SubnetworkAsync(cancellationToken).ConfigureAwait(false);
        return await SendSymbioticAsync(Symbiotic.Delegator,
            new DelegatorDefinition.SetOperatorNetworkSharesFunction { Subnetwork = subnetwork, Operator = operatorAddress.ToLowerHex(), Shares = shares },
            $"Symbiotic setOperatorNetworkShares {operatorAddress} {shares}", cancellationToken).ConfigureAwait(false);
    }

    private Task<byte[]> SubnetworkAsync(CancellationToken cancellationToken) =>
        QueryAsync<SourceDefinition.SubnetworkFunction, byte[]>(Symbiotic.StakeSource, new SourceDefinition.SubnetworkFunction(), cancellationToken);

    /// <summary>Sum of the market's open locks on <paramref name="operatorAddress"/>'s Symbiotic stake.</summary>
    public Task<BigInteger> LockedStakeAsync(Address operatorAddress, CancellationToken cancellationToken = default) =>
        QueryAsync<SourceDefinition.LockedStakeFunction, BigInteger>(Symbiotic.StakeSource, new SourceDefinition.LockedStakeFunction { Operator = operatorAddress.ToLowerHex() }, cancellationToken);

    /// <summary>What the stake source holds for <paramref name="operatorAddress"/> in <paramref name="token"/> (address zero: ETH), claimed with claimRewards.</summary>
    public Task<BigInteger> SymbioticRewardsAsync(Address operatorAddress, Address token, CancellationToken cancellationToken = default) =>
        QueryAsync<SourceDefinition.ClaimableRewardsFunction, BigInteger>(Symbiotic.StakeSource,
            new SourceDefinition.ClaimableRewardsFunction { Operator = operatorAddress.ToLowerHex(), Token = token.ToLowerHex() }, cancellationToken);

    /// <summary>The vault's current epoch, its length in seconds and when the next one starts (unix seconds).</summary>
    public async Task<(BigInteger Epoch, ulong Duration, ulong NextStart)> SymbioticEpochAsync(CancellationToken cancellationToken = default)
    {
        var vault = Symbiotic.Vault;
        var epoch = await QueryAsync<SymbioticVaultDefinition.CurrentEpochFunction, BigInteger>(vault, new SymbioticVaultDefinition.CurrentEpochFunction(), cancellationToken).ConfigureAwait(false);
        var duration = await QueryAsync<SymbioticVaultDefinition.EpochDurationFunction, ulong>(vault, new SymbioticVaultDefinition.EpochDurationFunction(), cancellationToken).ConfigureAwait(false);
        var next = await QueryAsync<SymbioticVaultDefinition.NextEpochStartFunction, ulong>(vault, new SymbioticVaultDefinition.NextEpochStartFunction(), cancellationToken).ConfigureAwait(false);
        return (epoch, duration, next);
    }

    /// <summary>
    /// Sends to a Symbiotic contract with a gas floor under the estimate: Symbiotic keeps its history in per-second
    /// checkpoints, and a transaction mined in a later second than the estimate's pushes new ones (a fresh storage slot
    /// each) where the estimate only overwrote; on the demo's devnet the third prover's vault deposit ran out of gas so.
    /// </summary>
    private Task<TransactionReceipt> SendSymbioticAsync<TFunction>(ContractWeb3ServiceBase contract, TFunction message, string what, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new() =>
        Sender.SendAsync(new TransactionRequest { To = Address.Parse(contract.ContractAddress), Data = message.GetCallData(), MinimumGasLimit = SymbioticGasFloor }, what, null, cancellationToken);

    /// <summary>The gas floor of an operator's Symbiotic call (see SendSymbioticAsync): above a first deposit's cost with every checkpoint new.</summary>
    public const long SymbioticGasFloor = 500_000;

    private static Task<bool> IsOptedInAsync(OptInServiceService service, Address who, string where, CancellationToken cancellationToken) =>
        QueryAsync<OptInDefinition.IsOptedInFunction, bool>(service, new OptInDefinition.IsOptedInFunction { Who = who.ToLowerHex(), Where = where }, cancellationToken);

    /// <summary>The generated services over a deployment's Symbiotic addresses.</summary>
    private sealed class SymbioticContracts(IWeb3 web3, SymbioticDeployment addresses)
    {
        public SymbioticStakeSourceService StakeSource { get; } = new(web3, addresses.StakeSource);

        public VaultService Vault { get; } = new(web3, addresses.Vault);

        public NetworkRestakeDelegatorService Delegator { get; } = new(web3, addresses.Delegator);

        public OperatorRegistryService OperatorRegistry { get; } = new(web3, addresses.OperatorRegistry);

        public OptInServiceService NetworkOptIn { get; } = new(web3, addresses.NetworkOptIn);

        public OptInServiceService VaultOptIn { get; } = new(web3, addresses.VaultOptIn);
    }
}
