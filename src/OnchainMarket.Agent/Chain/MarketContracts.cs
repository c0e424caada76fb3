using System.Numerics;
using Nethereum.ABI;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;
using OnchainMarket.Agent.Market;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Contracts.CircuitRegistry;
using RegistryDefinition = OnchainMarket.Contracts.CircuitRegistry.ContractDefinition;
using OnchainMarket.Contracts.ProofMarket;
using OnchainMarket.Contracts.ProofMarket.ContractDefinition;
using OnchainMarket.Contracts.RestakingVault;
using VaultDefinition = OnchainMarket.Contracts.RestakingVault.ContractDefinition;
using SymbioticDefinition = OnchainMarket.Contracts.SymbioticStakeSource.ContractDefinition;
using OnchainMarket.Contracts.TestStakeToken;
using TokenDefinition = OnchainMarket.Contracts.TestStakeToken.ContractDefinition;
using OnchainMarket.Ethereum;
using TransactionReceipt = Nethereum.RPC.Eth.DTOs.TransactionReceipt;

namespace OnchainMarket.Agent.Chain;

/// <summary>
/// The market's contracts as one account sees them, through the generated Nethereum services: queries go through
/// the services' handlers, transactions are the generated function messages sent by the account's
/// <see cref="ChainSender"/>, and logs come back as <see cref="MarketEvent"/> records. The only place outside the
/// generated code where contract functions are named.
/// </summary>
public sealed partial class MarketContracts
{
    public MarketContracts(Deployment deployment, ChainSender sender)
    {
        Deployment = deployment;
        Sender = sender;
        Web3 = sender.Web3;
        Market = new ProofMarketService(Web3, deployment.Market);
        _vault = deployment.Vault is { } vault ? new RestakingVaultService(Web3, vault) : null;
        _symbiotic = deployment.Collateral == CollateralKind.Symbiotic ? new SymbioticContracts(Web3, deployment.Symbiotic!) : null;
        Registry = new CircuitRegistryService(Web3, deployment.Registry);
        StakeToken = new TestStakeTokenService(Web3, deployment.StakeToken);
        MarketAddress = Address.Parse(deployment.Market);
    }

    public Deployment Deployment { get; }

    public ChainSender Sender { get; }

    /// <summary>The sender's Web3 (no account: the sender signs), for queries (retrying 429 and 5xx answers).</summary>
    public IWeb3 Web3 { get; }

    public Address Account => Sender.Address;

    public Address MarketAddress { get; }

    public ProofMarketService Market { get; }

    /// <summary>The RestakingVault; a deployment with Symbiotic collateral has none.</summary>
    public RestakingVaultService Vault => _vault ?? throw new InvalidOperationException(
        $"the market at {Deployment.Market} keeps its collateral in a Symbiotic vault ({Deployment.Symbiotic?.Vault}), not in a RestakingVault: use Symbiotic's vault to deposit and withdraw");

    private readonly RestakingVaultService? _vault;

    public CircuitRegistryService Registry { get; }

    public TestStakeTokenService StakeToken { get; }

    /// <summary>A Web3 for reads over <paramref name="endpoint"/>, its HTTP calls retried by <see cref="RpcRetryHandler"/>.</summary>
    public static IWeb3 ReadOnlyWeb3(Uri endpoint) => new Web3(Clients.GetOrAdd(endpoint, NewClient));

    // One RPC client (and HttpClient) per node for the process: Nethereum's RpcClient takes over its HttpClient.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Uri, RpcClient> Clients = new();

    private static RpcClient NewClient(Uri endpoint) => new(endpoint,
        new HttpClient(new RpcRetryHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })) { Timeout = TimeSpan.FromSeconds(60) });

    /// <summary>Sends a generated function message to <paramref name="contract"/> from this account.</summary>
    public Task<TransactionReceipt> SendAsync<TFunction>(ContractWeb3ServiceBase contract, TFunction message, string what, Action<Hash32>? onBroadcast = null, CancellationToken cancellationToken = default)
        where TFunction : FunctionMessage, new() =>
        Sender.SendAsync(new TransactionRequest { To = Address.Parse(contract.ContractAddress), Data = message.GetCallData(), Value = message.AmountToSend, GasLimit = message.Gas },
            what, onBroadcast, cancellationToken);

    /// <summary>A generated query; a revert surfaces as <see cref="ContractRevertException"/> with its decoded error, as sends do.</summary>
    /// <param name="block">The block to evaluate in; null for the latest.</param>
    public static async Task<TOut> QueryAsync<TFunction, TOut>(ContractWeb3ServiceBase contract, TFunction message, CancellationToken cancellationToken, Nethereum.RPC.Eth.DTOs.BlockParameter? block = null)
        where TFunction : FunctionMessage, new()
    {
        try
        {
            return await contract.ContractHandler.QueryAsync<TFunction, TOut>(message, block).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RevertDecoder.FromNethereum(e) is { } revert)
        {
            throw revert;
        }
    }

    /// <summary>A generated query returning a struct or several values.</summary>
    public static async Task<TOut> QueryDeserializingAsync<TFunction, TOut>(ContractWeb3ServiceBase contract, TFunction message, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
        where TOut : IFunctionOutputDTO, new()
    {
        try
        {
            return await contract.ContractHandler.QueryDeserializingToObjectAsync<TFunction, TOut>(message).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RevertDecoder.FromNethereum(e) is { } revert)
        {
            throw revert;
        }
    }

    /// <summary>The market's events in <paramref name="receipt"/>.</summary>
    public IEnumerable<MarketEvent> EventsOf(TransactionReceipt receipt) => MarketEventDecoder.Decode(receipt.Logs.ConvertToFilterLog(), MarketAddress);

    /// <summary>The <typeparamref name="TEvent"/> logs of <paramref name="contract"/> in <paramref name="receipt"/>, decoded.</summary>
    public static IEnumerable<TEvent> Events<TEvent>(TransactionReceipt receipt, ContractWeb3ServiceBase contract)
        where TEvent : IEventDTO, new() =>
        MarketEventDecoder.Events<TEvent>(receipt.Logs.ConvertToFilterLog(), Address.Parse(contract.ContractAddress));

    /// <summary>
    /// The proof of <paramref name="requestId"/> in the calldata of the transaction that fulfilled it, and the
    /// function that carried it: <c>fulfill</c>, <c>revealProof</c>, or one entry of a <c>fulfillBatch</c>.
    /// </summary>
    public static (string Via, IReadOnlyList<BigInteger> Proof) ProofInFulfilment(string input, BigInteger requestId)
    {
        if (IsCallOf<FulfillFunction>(input))
        {
            return ("fulfill", new FulfillFunction().DecodeInput(input).Proof);
        }
        if (IsCallOf<FulfillBatchFunction>(input))
        {
            // The proof sits at the request's position among the batch's ids.
            var batch = new FulfillBatchFunction().DecodeInput(input);
            var at = batch.Ids.IndexOf(requestId);
            if (at < 0)
            {
                throw new InvalidDataException($"the fulfillBatch that fulfilled request {requestId} does not name it");
            }
            return ($"fulfillBatch of {batch.Ids.Count}", batch.Proofs[at]);
        }
        if (IsCallOf<RevealProofFunction>(input))
        {
            return ("revealProof", new RevealProofFunction().DecodeInput(input).Proof);
        }
        throw new InvalidDataException($"request {requestId} was fulfilled by a call this client does not decode ({input[..Math.Min(10, input.Length)]}), e.g. through another contract");
    }

    private static bool IsCallOf<TFunction>(string input)
        where TFunction : FunctionMessage, new() =>
        input.Length >= 10 && input[2..10].Equals(ABITypedRegistry.GetFunctionABI<TFunction>().Sha3Signature, StringComparison.OrdinalIgnoreCase);

    // ------------------------------------------------------------------ requests

    public async Task<(BigInteger Id, TransactionReceipt Receipt)> SubmitAsync(RequestTerms terms, CancellationToken cancellationToken = default)
    {
        var value = terms.Token.IsZero ? terms.MaxPrice : BigInteger.Zero;
        var data = new SubmitFunction { P = terms.ToParams(), AmountToSend = value }.GetCallData();
        // An orderbook submit scans standing asks and asks the stake source about each prover; asks placed between the
        // estimate and the block add scans, each of them a Symbiotic checkpoint look-up (the demo's third request ran
        // out of gas so): a floor covers a full scan.
        var receipt = await Sender.SendAsync(new TransactionRequest
        {
            To = MarketAddress, Data = data, Value = value, MinimumGasLimit = terms.Mechanism == Pricing.MarketMechanism.Orderbook ? OrderbookSubmitGasFloor : null,
        }, "submit", null, cancellationToken).ConfigureAwait(false);
        return (Events<RequestSubmittedEventDTO>(receipt, Market).Single().Id, receipt);
    }

    /// <summary>The gas floor of an orderbook submit (see <see cref="SubmitAsync"/>): a scan of MAX_MATCH_SCAN asks and a lock on Symbiotic.</summary>
    public const long OrderbookSubmitGasFloor = 1_500_000;

    public Task<TransactionReceipt> CancelAsync(BigInteger id, CancellationToken cancellationToken = default) =>
        SendAsync(Market, new CancelFunction { ReturnValue1 = id }, $"cancel {id}", null, cancellationToken);

    public Task<TransactionReceipt> ExpireAsync(BigInteger id, CancellationToken cancellationToken = default) =>
        SendAsync(Market, new ExpireFunction { ReturnValue1 = id }, $"expire {id}", null, cancellationToken);

    /// <summary>The orderbook hint for a new request (where it would rest); pass it in <see cref="RequestTerms.OrderbookHint"/>.</summary>
    /// <remarks>Books are per (circuit, payment token); <paramref name="token"/> defaults to ETH.</remarks>
    public async Task<ulong> RequestHintAsync(Hash32 circuitId, BigInteger maxPrice, CancellationToken cancellationToken = default, Address token = default) =>
        await QueryAsync<RequestHintFunction, ulong>(Market, new RequestHintFunction { CircuitId = circuitId.ToArray(), Token = token.ToLowerHex(), MaxPrice = maxPrice }, cancellationToken).ConfigureAwait(false);

    // ------------------------------------------------------------------ mechanisms

    /// <summary>keccak256(abi.encode(id, prover, price, salt)), as the sealed-bid auction checks it.</summary>
    public static Hash32 BidCommitment(BigInteger id, Address prover, BigInteger price, Hash32 salt) =>
        new(new ABIEncode().GetSha3ABIEncoded(
            new ABIValue("uint256", id), new ABIValue("address", prover.ToLowerHex()), new ABIValue("uint96", price), new ABIValue("bytes32", salt.ToArray())));

    /// <summary>keccak256(abi.encode(proof, prover)), the open-fulfilment commitment.</summary>
    public static Hash32 ProofCommitment(IReadOnlyList<BigInteger> proof, Address prover) =>
        new(new ABIEncode().GetSha3ABIEncoded(new ABIValue("uint256[8]", proof.ToList()), new ABIValue("address", prover.ToLowerHex())));

    public Task<TransactionReceipt> CommitBidAsync(BigInteger id, Hash32 commitment, BigInteger bond, Action<Hash32>? onBroadcast = null, CancellationToken cancellationToken = default) =>
        SendAsync(Market, new CommitBidFunction { ReturnValue1 = id, ReturnValue2 = commitment.ToArray(), AmountToSend = bond }, $"commitBid {id}", onBroadcast, cancellationToken);

    public Task<TransactionReceipt> RevealBidAsync(BigInteger id, BigInteger price, Hash32 salt, Action<Hash32>? onBroadcast = null, CancellationToken cancellationToken = default) =>
        SendAsync(Market, new RevealBidFunction { ReturnValue1 = id, ReturnValue2 = price, ReturnValue3 = salt.ToArray() }, $"revealBid {id}", onBroadcast, cancellationToken);

    public Task<TransactionReceipt> FinalizeAsync(BigInteger id, CancellationToken cancellationToken = default) =>
        SendAsync(Market, new FinalizeFunction { ReturnValue1 = id }, $"finalize {id}", null, cancellationToken);

    /// <summary>Gives back an orderbook match inside its acceptance window (see <see cref="AskOffer.AcceptWindow"/>).</summary>
    public Task<TransactionReceipt> ReleaseAsync(BigInteger id, CancellationToken cancellationToken = default) =>
        SendAsync(Market, new ReleaseFunction { ReturnValue1 = id }, $"release {id}", null, cancellationToken);

    public Task<TransactionReceipt> LockAsync(BigInteger id, Action<Hash32>? onBroadcast = null, CancellationToken cancellationToken = default) =>
        SendAsync(Market, new LockFunction { Id = id }, $"lock {id}", onBroadcast, cancellationToken);

    public async Task<(ulong AskId, TransactionReceipt Receipt)> PlaceAskAsync(AskOffer offer, CancellationToken cancellationToken = default)
    {
        var hint = await QueryAsync<AskHintFunction, ulong>(Market, new AskHintFunction { CircuitId = offer.CircuitId.ToArray(), Token = offer.Token.ToLowerHex(), Price = offer.Price }, cancellationToken).ConfigureAwait(false);
        var message = new PlaceAskFunction { ReturnValue1 = offer.ToTerms(), ReturnValue2 = hint };
        var receipt = await SendAsync(Market, message, $"placeAsk {offer.Price}", null, cancellationToken).ConfigureAwait(false);
        return (Events<AskPlacedEventDTO>(receipt, Market).Single().AskId, receipt);
    }

    public Task<TransactionReceipt> CancelAskAsync(ulong askId, CancellationToken cancellationToken = default) =>
        SendAsync(Market, new CancelAskFunction { ReturnValue1 = askId }, $"cancelAsk {askId}", null, cancellationToken);

    public Task<TransactionReceipt> CommitProofAsync(BigInteger id, Hash32 commitment, Action<Hash32>? onBroadcast = null, CancellationToken cancellationToken = default) =>
        SendAsync(Market, new CommitProofFunction { Id = id, Commitment = commitment.ToArray() }, $"commitProof {id}", onBroadcast, cancellationToken);

    public Task<TransactionReceipt> RevealProofAsync(BigInteger id, IReadOnlyList<BigInteger> proof, IReadOnlyList<BigInteger> inputs, Action<Hash32>? onBroadcast = null, CancellationToken cancellationToken = default) =>
        SendAsync(Market, new RevealProofFunction { Id = id, Proof = [.. proof], PublicInputs = [.. inputs] }, $"revealProof {id}", onBroadcast, cancellationToken);

    /// <param name="gasLimit">A fixed gas limit instead of the node's estimate (the prover's cap on what the job may cost).</param>
    public Task<TransactionReceipt> FulfillAsync(BigInteger id, IReadOnlyList<BigInteger> proof, IReadOnlyList<BigInteger> inputs, Action<Hash32>? onBroadcast = null, CancellationToken cancellationToken = default, long? gasLimit = null) =>
        SendAsync(Market, new FulfillFunction { Id = id, Proof = [.. proof], PublicInputs = [.. inputs], Gas = gasLimit }, $"fulfill {id}", onBroadcast, cancellationToken);

    /// <summary>
    /// Settles several assignments in one transaction. Gas is estimated, not fixed: a batch with one bad entry
    /// reverts as a whole (the contract cannot tell which proof failed the combined check), and it must do so in
    /// the estimate, for free, so that its members can be sent alone.
    /// </summary>
    public Task<TransactionReceipt> FulfillBatchAsync(IReadOnlyList<BigInteger> ids, IReadOnlyList<IReadOnlyList<BigInteger>> proofs,
        IReadOnlyList<IReadOnlyList<BigInteger>> inputs, CancellationToken cancellationToken = default) =>
        SendAsync(Market, new FulfillBatchFunction { Ids = [.. ids], Proofs = [.. proofs.Select(p => p.ToList())], PublicInputs = [.. inputs.Select(x => x.ToList())] },
            $"fulfillBatch {string.Join(',', ids)}", null, cancellationToken);

    /// <summary>
    /// A slash with a gas floor under the node's estimate. The market reads a stake source's revert with a reason as
    /// "cannot slash" and releases the lock unslashed; at a limit just above the estimate the Symbiotic vault's inner
    /// calls could run short of gas and revert with a reason (Symbiotic's InsufficientBurnerGas, OpenZeppelin's
    /// FailedInnerCall) — seen on the devnet before SymbioticStakeSource re-raised those without data: the slash used
    /// 436,049 gas and took nothing. The contract now makes such a slash fail; the floor keeps an honest keeper's
    /// slash clear of that edge (and of stake sources deployed before the fix).
    /// </summary>
    public Task<TransactionReceipt> SlashAsync(BigInteger id, CancellationToken cancellationToken = default) =>
        Sender.SendAsync(new TransactionRequest { To = MarketAddress, Data = new SlashFunction { ReturnValue1 = id }.GetCallData(), MinimumGasLimit = SlashGasFloor },
            $"slash {id}", null, cancellationToken);

    /// <summary>The gas floor of a keeper's slash (see <see cref="SlashAsync"/>): about twice a full Symbiotic slash with its re-open.</summary>
    public const long SlashGasFloor = 1_000_000;

    public Task<TransactionReceipt> SetCapacityAsync(long maxConcurrent, CancellationToken cancellationToken = default) =>
        SendAsync(Market, new SetCapacityFunction { ReturnValue1 = checked((uint)maxConcurrent) }, $"setCapacity {maxConcurrent}", null, cancellationToken);

    public Task<TransactionReceipt> WithdrawAsync(Address token, Address to, CancellationToken cancellationToken = default) =>
        SendAsync(Market, new WithdrawFunction { ReturnValue1 = token.ToLowerHex(), ReturnValue2 = to.ToLowerHex() }, "withdraw", null, cancellationToken);

    // ------------------------------------------------------------------ market views

    public async Task<RequestState> GetRequestAsync(BigInteger id, CancellationToken cancellationToken = default) =>
        RequestState.FromDto(id, (await QueryDeserializingAsync<GetRequestFunction, GetRequestOutputDTO>(Market, new GetRequestFunction { Id = id }, cancellationToken).ConfigureAwait(false)).ReturnValue1);

    public Task<BigInteger> RequestCountAsync(CancellationToken cancellationToken = default) =>
        QueryAsync<RequestCountFunction, BigInteger>(Market, new RequestCountFunction(), cancellationToken);

    public Task<BigInteger> ClaimableAsync(Address token, Address account, CancellationToken cancellationToken = default) =>
        QueryAsync<ClaimableFunction, BigInteger>(Market, new ClaimableFunction { Token = token.ToLowerHex(), Account = account.ToLowerHex() }, cancellationToken);

    public async Task<OperatorCapacity> OperatorStateAsync(Address operatorAddress, CancellationToken cancellationToken = default)
    {
        var state = (await QueryDeserializingAsync<OperatorStateFunction, OperatorStateOutputDTO>(Market, new OperatorStateFunction { Operator = operatorAddress.ToLowerHex() }, cancellationToken)
            .ConfigureAwait(false)).ReturnValue1;
        return new OperatorCapacity(state.MaxConcurrent, state.Active, state.CooldownUntil);
    }

    /// <summary>Whether a sealed bid by <paramref name="prover"/> is committed and not yet revealed.</summary>
    public async Task<bool> HasPendingBidAsync(BigInteger id, Address prover, CancellationToken cancellationToken = default)
    {
        var commitment = (await QueryDeserializingAsync<BidCommitmentFunction, BidCommitmentOutputDTO>(Market, new BidCommitmentFunction { Id = id, Prover = prover.ToLowerHex() }, cancellationToken)
            .ConfigureAwait(false)).ReturnValue1;
        return commitment.Digest.Any(b => b != 0);
    }

    /// <summary>
    /// Where the answers that hang on the clock (eligibility, free stake) are asked: the pending block,
    /// where a transaction sent now is mined, whose timestamp is the clock's. The latest block's can be far behind on
    /// a quiet chain, and Symbiotic stake counts from a capture one second before it: stake deposited in the latest
    /// block's own second would read as none until someone else mines a block.
    /// </summary>
    private static readonly Nethereum.RPC.Eth.DTOs.BlockParameter NextBlock = Nethereum.RPC.Eth.DTOs.BlockParameter.CreatePending();

    /// <summary>Whether <paramref name="prover"/> may take an assignment that needs <paramref name="collateral"/> now.</summary>
    public Task<bool> IsEligibleAsync(Address prover, BigInteger collateral, CancellationToken cancellationToken = default) =>
        QueryAsync<IsEligibleFunction, bool>(Market, new IsEligibleFunction { Operator = prover.ToLowerHex(), Collateral = collateral }, cancellationToken, NextBlock);

    // ------------------------------------------------------------------ vault

    public Task<TransactionReceipt> RegisterOperatorAsync(int commissionBps, string metadataUri, CancellationToken cancellationToken = default) =>
        SendAsync(Vault, new VaultDefinition.RegisterOperatorFunction { CommissionBps = checked((ushort)commissionBps), MetadataURI = metadataUri }, "registerOperator", null, cancellationToken);

    /// <summary>Approves the vault for <paramref name="amount"/> of the stake token and deposits it with <paramref name="operatorAddress"/>.</summary>
    public async Task<TransactionReceipt> DepositAsync(Address operatorAddress, BigInteger amount, CancellationToken cancellationToken = default)
    {
        await SendAsync(StakeToken, new TokenDefinition.ApproveFunction { Spender = Vault.ContractAddress, Value = amount }, "approve stake", null, cancellationToken).ConfigureAwait(false);
        return await SendAsync(Vault, new VaultDefinition.DepositFunction { Operator = operatorAddress.ToLowerHex(), Amount = amount }, "deposit", null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(BigInteger WithdrawalId, TransactionReceipt Receipt)> QueueWithdrawalAsync(Address operatorAddress, BigInteger shares, CancellationToken cancellationToken = default)
    {
        var receipt = await SendAsync(Vault, new VaultDefinition.QueueWithdrawalFunction { Operator = operatorAddress.ToLowerHex(), Shares = shares }, "queueWithdrawal", null, cancellationToken).ConfigureAwait(false);
        return (Events<VaultDefinition.WithdrawalQueuedEventDTO>(receipt, Vault).Single().Id, receipt);
    }

    public Task<TransactionReceipt> CompleteWithdrawalAsync(BigInteger withdrawalId, CancellationToken cancellationToken = default) =>
        SendAsync(Vault, new VaultDefinition.CompleteWithdrawalFunction { Id = withdrawalId }, $"completeWithdrawal {withdrawalId}", null, cancellationToken);

    public Task<TransactionReceipt> ClaimRewardsAsync(Address operatorAddress, Address token, CancellationToken cancellationToken = default) =>
        SendAsync(Vault, new VaultDefinition.ClaimRewardsFunction { Operator = operatorAddress.ToLowerHex(), Token = token.ToLowerHex() }, "claimRewards", null, cancellationToken);

    /// <summary>Whether the stake source lets <paramref name="operatorAddress"/> be assigned work (registered in the vault, or opted in to network and vault in Symbiotic).</summary>
    public Task<bool> IsOperatorAsync(Address operatorAddress, CancellationToken cancellationToken = default) => _symbiotic is { } symbiotic
        ? QueryAsync<SymbioticDefinition.IsOperatorFunction, bool>(symbiotic.StakeSource, new SymbioticDefinition.IsOperatorFunction { Operator = operatorAddress.ToLowerHex() }, cancellationToken)
        : QueryAsync<VaultDefinition.IsOperatorFunction, bool>(Vault, new VaultDefinition.IsOperatorFunction { Operator = operatorAddress.ToLowerHex() }, cancellationToken);

    /// <summary>The operator's collateral: its pool in the RestakingVault, or what the Symbiotic vault allocates to it at a lock's capture time.</summary>
    public Task<BigInteger> TotalStakeAsync(Address operatorAddress, CancellationToken cancellationToken = default) => _symbiotic is { } symbiotic
        ? QueryAsync<SymbioticDefinition.AllocatedStakeFunction, BigInteger>(symbiotic.StakeSource, new SymbioticDefinition.AllocatedStakeFunction { Operator = operatorAddress.ToLowerHex() }, cancellationToken, NextBlock)
        : QueryAsync<VaultDefinition.TotalStakeFunction, BigInteger>(Vault, new VaultDefinition.TotalStakeFunction { Operator = operatorAddress.ToLowerHex() }, cancellationToken);

    /// <summary>What a new lock may still take (IStakeSource.freeStake, whichever source backs the market).</summary>
    public Task<BigInteger> FreeStakeAsync(Address operatorAddress, CancellationToken cancellationToken = default) => _symbiotic is { } symbiotic
        ? QueryAsync<SymbioticDefinition.FreeStakeFunction, BigInteger>(symbiotic.StakeSource, new SymbioticDefinition.FreeStakeFunction { Operator = operatorAddress.ToLowerHex() }, cancellationToken, NextBlock)
        : QueryAsync<VaultDefinition.FreeStakeFunction, BigInteger>(Vault, new VaultDefinition.FreeStakeFunction { Operator = operatorAddress.ToLowerHex() }, cancellationToken);

    public Task<BigInteger> SharesOfAsync(Address operatorAddress, Address delegator, CancellationToken cancellationToken = default) =>
        QueryAsync<VaultDefinition.SharesOfFunction, BigInteger>(Vault, new VaultDefinition.SharesOfFunction { Operator = operatorAddress.ToLowerHex(), Delegator = delegator.ToLowerHex() }, cancellationToken);

    public Task<BigInteger> ClaimableRewardsAsync(Address operatorAddress, Address token, Address account, CancellationToken cancellationToken = default) =>
        QueryAsync<VaultDefinition.ClaimableRewardsFunction, BigInteger>(Vault,
            new VaultDefinition.ClaimableRewardsFunction { Operator = operatorAddress.ToLowerHex(), Token = token.ToLowerHex(), Account = account.ToLowerHex() }, cancellationToken);

    /// <summary>Seconds a queued withdrawal waits before it can complete.</summary>
    public Task<ulong> WithdrawalDelayAsync(CancellationToken cancellationToken = default) =>
        QueryAsync<VaultDefinition.WithdrawalDelayFunction, ulong>(Vault, new VaultDefinition.WithdrawalDelayFunction(), cancellationToken);

    public Task<BigInteger> StakeBalanceAsync(Address account, CancellationToken cancellationToken = default) =>
        QueryAsync<TokenDefinition.BalanceOfFunction, BigInteger>(StakeToken, new TokenDefinition.BalanceOfFunction { Account = account.ToLowerHex() }, cancellationToken);

    // ------------------------------------------------------------------ registry

    public async Task<RegisteredCircuit> CircuitMetadataAsync(Hash32 circuitId, CancellationToken cancellationToken = default)
    {
        var m = (await QueryDeserializingAsync<RegistryDefinition.CircuitMetadataFunction, RegistryDefinition.CircuitMetadataOutputDTO>(
            Registry, new() { CircuitId = circuitId.ToArray() }, cancellationToken).ConfigureAwait(false)).ReturnValue1;
        return new RegisteredCircuit(m.Name, m.Constraints, new Hash32(m.WasmHash), new Hash32(m.ZkeyHash), m.Uri);
    }

    public Task<bool> IsCircuitRegisteredAsync(Hash32 circuitId, CancellationToken cancellationToken = default) =>
        QueryAsync<RegistryDefinition.IsRegisteredFunction, bool>(Registry, new() { CircuitId = circuitId.ToArray() }, cancellationToken);
}
