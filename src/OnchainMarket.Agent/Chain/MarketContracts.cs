using System.Numerics;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Chain;

/// <summary>
/// The market's contracts as one account sees them: typed calls to the ProofMarket,
/// RestakingVault, CircuitRegistry and stake token, sent through a <see cref="ChainSender"/>.
/// </summary>
public sealed class MarketContracts
{
    public MarketContracts(Deployment deployment, JsonRpcClient rpc, ChainSender sender)
    {
        Deployment = deployment;
        Rpc = rpc;
        Sender = sender;
        Market = new BoundContract(ContractArtifact.Load("ProofMarket"), Address.Parse(deployment.Market), rpc);
        Vault = new BoundContract(ContractArtifact.Load("RestakingVault"), Address.Parse(deployment.Vault), rpc);
        Registry = new BoundContract(ContractArtifact.Load("CircuitRegistry"), Address.Parse(deployment.Registry), rpc);
        StakeToken = new BoundContract(ContractArtifact.Load("TestStakeToken"), Address.Parse(deployment.StakeToken), rpc);
    }

    public Deployment Deployment { get; }

    public JsonRpcClient Rpc { get; }

    public ChainSender Sender { get; }

    public Address Account => Sender.Address;

    public BoundContract Market { get; }

    public BoundContract Vault { get; }

    public BoundContract Registry { get; }

    public BoundContract StakeToken { get; }

    private Task<TransactionReceipt> SendAsync(BoundContract contract, string function, object?[] arguments, BigInteger value, string what, Action<Hash32>? onBroadcast, CancellationToken cancellationToken, long? gasLimit = null) =>
        Sender.SendAsync(new TransactionRequest { To = contract.Address, Data = contract.Encode(function, arguments), Value = value, GasLimit = gasLimit }, what, onBroadcast, cancellationToken);

    // ------------------------------------------------------------------ requests

    public async Task<(BigInteger Id, TransactionReceipt Receipt)> SubmitAsync(RequestTerms terms, CancellationToken cancellationToken = default)
    {
        var components = Market.Abi.Function("submit").Inputs[0].Type.Components;
        var value = terms.Token.IsZero ? terms.MaxPrice : BigInteger.Zero;
        var receipt = await SendAsync(Market, "submit", [terms.ToAbi(components)], value, "submit", null, cancellationToken).ConfigureAwait(false);
        var submitted = Market.Decode(receipt.Logs, "RequestSubmitted").Single();
        return (submitted.Int("id"), receipt);
    }

    public Task<TransactionReceipt> CancelAsync(BigInteger id, CancellationToken cancellationToken = default) =>
        SendAsync(Market, "cancel", [id], 0, $"cancel {id}", null, cancellationToken);

    public Task<TransactionReceipt> ExpireAsync(BigInteger id, CancellationToken cancellationToken = default) =>
        SendAsync(Market, "expire", [id], 0, $"expire {id}", null, cancellationToken);

    // ------------------------------------------------------------------ mechanisms

    /// <summary>keccak256(abi.encode(id, prover, price, salt)), as the sealed-bid auction checks it.</summary>
    public static Hash32 BidCommitment(BigInteger id, Address prover, BigInteger price, Hash32 salt) =>
        Keccak256.Hash(AbiCodec.Encode(
            [AbiType.UInt256, AbiType.AddressType, AbiType.Parse("uint96"), AbiType.Parse("bytes32")],
            [id, prover, price, salt]));

    /// <summary>keccak256(abi.encode(proof, prover)), the open-fulfilment commitment.</summary>
    public static Hash32 ProofCommitment(IReadOnlyList<BigInteger> proof, Address prover) =>
        Keccak256.Hash(AbiCodec.Encode(
            [AbiType.FixedArrayOf(AbiType.UInt256, 8), AbiType.AddressType],
            [proof.Cast<object?>().ToArray(), prover]));

    public Task<TransactionReceipt> CommitBidAsync(BigInteger id, Hash32 commitment, BigInteger bond, Action<Hash32>? onBroadcast = null, CancellationToken cancellationToken = default) =>
        SendAsync(Market, "commitBid", [id, commitment], bond, $"commitBid {id}", onBroadcast, cancellationToken);

    public Task<TransactionReceipt> RevealBidAsync(BigInteger id, BigInteger price, Hash32 salt, Action<Hash32>? onBroadcast = null, CancellationToken cancellationToken = default) =>
        SendAsync(Market, "revealBid", [id, price, salt], 0, $"revealBid {id}", onBroadcast, cancellationToken);

    public Task<TransactionReceipt> FinalizeAsync(BigInteger id, CancellationToken cancellationToken = default) =>
        SendAsync(Market, "finalize", [id], 0, $"finalize {id}", null, cancellationToken);

    public Task<TransactionReceipt> LockAsync(BigInteger id, Action<Hash32>? onBroadcast = null, CancellationToken cancellationToken = default) =>
        SendAsync(Market, "lock", [id], 0, $"lock {id}", onBroadcast, cancellationToken);

    public async Task<(ulong AskId, TransactionReceipt Receipt)> PlaceAskAsync(Hash32 circuitId, BigInteger price, long expiry, CancellationToken cancellationToken = default)
    {
        var hint = await Market.CallOneAsync<BigInteger>("askHint", [circuitId, price], cancellationToken).ConfigureAwait(false);
        var receipt = await SendAsync(Market, "placeAsk", [circuitId, price, expiry, hint], 0, $"placeAsk {price}", null, cancellationToken).ConfigureAwait(false);
        var placed = Market.Decode(receipt.Logs, "AskPlaced").Single();
        return ((ulong)placed.Int("askId"), receipt);
    }

    public Task<TransactionReceipt> CancelAskAsync(ulong askId, CancellationToken cancellationToken = default) =>
        SendAsync(Market, "cancelAsk", [askId], 0, $"cancelAsk {askId}", null, cancellationToken);

    public Task<TransactionReceipt> CommitProofAsync(BigInteger id, Hash32 commitment, Action<Hash32>? onBroadcast = null, CancellationToken cancellationToken = default) =>
        SendAsync(Market, "commitProof", [id, commitment], 0, $"commitProof {id}", onBroadcast, cancellationToken);

    public Task<TransactionReceipt> RevealProofAsync(BigInteger id, IReadOnlyList<BigInteger> proof, IReadOnlyList<BigInteger> inputs, Action<Hash32>? onBroadcast = null, CancellationToken cancellationToken = default) =>
        SendAsync(Market, "revealProof", [id, proof.Cast<object?>().ToArray(), inputs.Cast<object?>().ToArray()], 0, $"revealProof {id}", onBroadcast, cancellationToken);

    /// <param name="gasLimit">A fixed gas limit instead of the node's estimate (the prover's cap on what the job may cost).</param>
    public Task<TransactionReceipt> FulfillAsync(BigInteger id, IReadOnlyList<BigInteger> proof, IReadOnlyList<BigInteger> inputs, Action<Hash32>? onBroadcast = null, CancellationToken cancellationToken = default, long? gasLimit = null) =>
        SendAsync(Market, "fulfill", [id, proof.Cast<object?>().ToArray(), inputs.Cast<object?>().ToArray()], 0, $"fulfill {id}", onBroadcast, cancellationToken, gasLimit);

    public Task<TransactionReceipt> SlashAsync(BigInteger id, CancellationToken cancellationToken = default) =>
        SendAsync(Market, "slash", [id], 0, $"slash {id}", null, cancellationToken);

    public Task<TransactionReceipt> SetCapacityAsync(long maxConcurrent, CancellationToken cancellationToken = default) =>
        SendAsync(Market, "setCapacity", [maxConcurrent], 0, $"setCapacity {maxConcurrent}", null, cancellationToken);

    public Task<TransactionReceipt> WithdrawAsync(Address token, Address to, CancellationToken cancellationToken = default) =>
        SendAsync(Market, "withdraw", [token, to], 0, "withdraw", null, cancellationToken);

    // ------------------------------------------------------------------ market views

    public async Task<RequestState> GetRequestAsync(BigInteger id, CancellationToken cancellationToken = default) =>
        RequestState.FromAbi(id, await Market.CallStructAsync("getRequest", [id], cancellationToken).ConfigureAwait(false));

    public Task<BigInteger> RequestCountAsync(CancellationToken cancellationToken = default) =>
        Market.CallOneAsync<BigInteger>("requestCount", [], cancellationToken);

    public Task<BigInteger> ClaimableAsync(Address token, Address account, CancellationToken cancellationToken = default) =>
        Market.CallOneAsync<BigInteger>("claimable", [token, account], cancellationToken);

    public Task<AbiStruct> OperatorStateAsync(Address operatorAddress, CancellationToken cancellationToken = default) =>
        Market.CallStructAsync("operatorState", [operatorAddress], cancellationToken);

    /// <summary>Whether a sealed bid by <paramref name="prover"/> is committed and not yet revealed.</summary>
    public async Task<bool> HasPendingBidAsync(BigInteger id, Address prover, CancellationToken cancellationToken = default)
    {
        var commitment = await Market.CallStructAsync("bidCommitment", [id, prover], cancellationToken).ConfigureAwait(false);
        return commitment.Bytes("digest").Any(b => b != 0);
    }

    public Task<BigInteger> CurrentPriceAsync(BigInteger id, CancellationToken cancellationToken = default) =>
        Market.CallOneAsync<BigInteger>("currentPrice", [id], cancellationToken);

    // ------------------------------------------------------------------ vault

    public Task<TransactionReceipt> RegisterOperatorAsync(int commissionBps, string metadataUri, CancellationToken cancellationToken = default) =>
        SendAsync(Vault, "registerOperator", [commissionBps, metadataUri], 0, "registerOperator", null, cancellationToken);

    /// <summary>Approves the vault for <paramref name="amount"/> of the stake token and deposits it with <paramref name="operatorAddress"/>.</summary>
    public async Task<TransactionReceipt> DepositAsync(Address operatorAddress, BigInteger amount, CancellationToken cancellationToken = default)
    {
        await SendAsync(StakeToken, "approve", [Vault.Address, amount], 0, "approve stake", null, cancellationToken).ConfigureAwait(false);
        return await SendAsync(Vault, "deposit", [operatorAddress, amount], 0, "deposit", null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(BigInteger WithdrawalId, TransactionReceipt Receipt)> QueueWithdrawalAsync(Address operatorAddress, BigInteger shares, CancellationToken cancellationToken = default)
    {
        var receipt = await SendAsync(Vault, "queueWithdrawal", [operatorAddress, shares], 0, "queueWithdrawal", null, cancellationToken).ConfigureAwait(false);
        var queued = Vault.Decode(receipt.Logs, "WithdrawalQueued").Single();
        return (queued.Int(queued.Event.Inputs[0].Name), receipt);
    }

    public Task<TransactionReceipt> CompleteWithdrawalAsync(BigInteger withdrawalId, CancellationToken cancellationToken = default) =>
        SendAsync(Vault, "completeWithdrawal", [withdrawalId], 0, $"completeWithdrawal {withdrawalId}", null, cancellationToken);

    public Task<TransactionReceipt> ClaimRewardsAsync(Address operatorAddress, Address token, CancellationToken cancellationToken = default) =>
        SendAsync(Vault, "claimRewards", [operatorAddress, token], 0, "claimRewards", null, cancellationToken);

    public Task<bool> IsOperatorAsync(Address operatorAddress, CancellationToken cancellationToken = default) =>
        Vault.CallOneAsync<bool>("isOperator", [operatorAddress], cancellationToken);

    public Task<BigInteger> TotalStakeAsync(Address operatorAddress, CancellationToken cancellationToken = default) =>
        Vault.CallOneAsync<BigInteger>("totalStake", [operatorAddress], cancellationToken);

    public Task<BigInteger> FreeStakeAsync(Address operatorAddress, CancellationToken cancellationToken = default) =>
        Vault.CallOneAsync<BigInteger>("freeStake", [operatorAddress], cancellationToken);

    public Task<BigInteger> SharesOfAsync(Address operatorAddress, Address delegator, CancellationToken cancellationToken = default) =>
        Vault.CallOneAsync<BigInteger>("sharesOf", [operatorAddress, delegator], cancellationToken);

    public Task<BigInteger> ClaimableRewardsAsync(Address operatorAddress, Address token, Address account, CancellationToken cancellationToken = default) =>
        Vault.CallOneAsync<BigInteger>("claimableRewards", [operatorAddress, token, account], cancellationToken);

    public Task<BigInteger> StakeBalanceAsync(Address account, CancellationToken cancellationToken = default) =>
        StakeToken.CallOneAsync<BigInteger>("balanceOf", [account], cancellationToken);

    // ------------------------------------------------------------------ registry

    public Task<AbiStruct> CircuitMetadataAsync(Hash32 circuitId, CancellationToken cancellationToken = default) =>
        Registry.CallStructAsync("circuitMetadata", [circuitId], cancellationToken);

    public Task<bool> IsCircuitRegisteredAsync(Hash32 circuitId, CancellationToken cancellationToken = default) =>
        Registry.CallOneAsync<bool>("isRegistered", [circuitId], cancellationToken);
}
