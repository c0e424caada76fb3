using System.Numerics;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Ethereum;
using AccessListItem = Nethereum.Model.AccessListItem;
using Transaction1559 = Nethereum.Model.Transaction1559;

namespace OnchainMarket.Agent.Transactions;

/// <summary>
/// Sends one transaction at a time for one key over Nethereum's <see cref="IWeb3"/> and sees it through: estimates
/// gas (a revert surfaces before anything is signed), signs EIP-1559 with the pending nonce, and while waiting for
/// the receipt re-broadcasts a transaction the node dropped, replaces a stuck one with bumped fees (same nonce,
/// <see cref="FeeBumpPolicy"/>), and recognises that any of its attempts was mined. A mined revert is replayed to
/// recover its reason and thrown as <see cref="ContractRevertException"/>; a nonce taken by a stranger throws
/// <see cref="TransactionDroppedException"/>. Nethereum's transaction manager does none of the three (it sends once
/// and polls one hash), hence this layer. One at a time keeps the nonce bookkeeping trivial; the prover's
/// transactions are few and its time goes to proving.
/// </summary>
public sealed class ChainSender
{
    /// <summary>The tip offered when the node has no <c>eth_maxPriorityFeePerGas</c> (1 gwei, what geth suggests on a quiet chain).</summary>
    private static readonly BigInteger FallbackTip = 1_000_000_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StructuredLog? _log;

    /// <param name="web3">The node, e.g. <c>MarketContracts.ReadOnlyWeb3</c> (its HTTP calls retried on 429 and 5xx).</param>
    public ChainSender(IWeb3 web3, EthECKey key, long chainId, FeeBumpPolicy? policy = null, StructuredLog? log = null)
    {
        Web3 = web3;
        Key = key;
        Address = key.Address();
        ChainId = chainId;
        Policy = policy ?? new FeeBumpPolicy();
        _log = log;
    }

    public IWeb3 Web3 { get; }

    public EthECKey Key { get; }

    public Address Address { get; }

    public long ChainId { get; }

    public FeeBumpPolicy Policy { get; }

    /// <summary>How long to keep trying before giving up on a transaction.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Receipt polling interval.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gas spent by this sender's mined transactions, in wei (for the operator's accounts).</summary>
    public BigInteger GasSpent { get; private set; }

    /// <summary>Sends <paramref name="request"/> and returns its successful receipt.</summary>
    /// <param name="what">A short name for logs ("commitBid 7").</param>
    /// <param name="onBroadcast">Called with each attempt's hash right after the node accepted it.</param>
    public async Task<TransactionReceipt> SendAsync(TransactionRequest request, string what, Action<Hash32>? onBroadcast = null, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await SendLockedAsync(request, what, onBroadcast, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What a transaction sent now pays per gas at most: the latest base fee plus the network's tip.</summary>
    public async Task<BigInteger> GasPriceAsync(CancellationToken cancellationToken = default)
    {
        var (baseFee, tip) = await NetworkFeesAsync(cancellationToken).ConfigureAwait(false);
        return baseFee + tip;
    }

    private async Task<TransactionReceipt> SendLockedAsync(TransactionRequest request, string what, Action<Hash32>? onBroadcast, CancellationToken cancellationToken)
    {
        var call = new CallInput
        {
            From = Address.ToLowerHex(),
            To = request.To?.ToLowerHex(),
            Data = HexConvert.ToHex(request.Data),
            Value = request.Value.IsZero ? null : new HexBigInteger(request.Value),
        };
        var gasLimit = request.GasLimit
            ?? BigInteger.Max(await EstimateGasAsync(call, cancellationToken).ConfigureAwait(false) * 125 / 100 + 10_000, request.MinimumGasLimit ?? 0);
        var nonce = await NonceAsync(BlockParameter.CreatePending(), cancellationToken).ConfigureAwait(false);
        var (baseFee, tip) = await NetworkFeesAsync(cancellationToken).ConfigureAwait(false);
        var fees = Policy.Initial(baseFee, tip);

        var attempts = new List<Hash32>();
        var current = Sign(request, nonce, gasLimit, fees);
        await BroadcastAsync(current, attempts, onBroadcast, what, fees, cancellationToken).ConfigureAwait(false);

        var started = DateTime.UtcNow;
        var lastBroadcast = DateTime.UtcNow;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await FirstReceiptAsync(attempts, cancellationToken).ConfigureAwait(false) is { } receipt)
            {
                GasSpent += receipt.GasUsed.Value * (receipt.EffectiveGasPrice?.Value ?? 0);
                if (receipt.Succeeded())
                {
                    _log?.Info("tx_mined", ("what", what), ("tx", receipt.TransactionHash), ("block", receipt.BlockNumber.Value), ("gas", receipt.GasUsed.Value));
                    return receipt;
                }
                _log?.Warn("tx_reverted", ("what", what), ("tx", receipt.TransactionHash));
                throw await ExplainRevertAsync(call, receipt, cancellationToken).ConfigureAwait(false);
            }

            if (await NonceAsync(BlockParameter.CreateLatest(), cancellationToken).ConfigureAwait(false) > nonce)
            {
                // Our nonce is used but none of our attempts has a receipt: give the node a moment (a
                // receipt can lag the count), then conclude a stranger's transaction took the nonce.
                await Task.Delay(PollInterval * 5, cancellationToken).ConfigureAwait(false);
                if (await FirstReceiptAsync(attempts, cancellationToken).ConfigureAwait(false) is null)
                {
                    _log?.Warn("tx_replaced_by_stranger", ("what", what), ("nonce", nonce));
                    throw new TransactionDroppedException($"{what}: nonce {nonce} was used by another transaction of {Address}", attempts);
                }
                continue;
            }

            if (DateTime.UtcNow - started > Timeout)
            {
                throw new TimeoutException($"{what}: no receipt after {Timeout.TotalSeconds:0} s ({attempts.Count} attempt(s))");
            }

            if (DateTime.UtcNow - lastBroadcast > Policy.StuckAfter)
            {
                (baseFee, tip) = await NetworkFeesAsync(cancellationToken).ConfigureAwait(false);
                if (Policy.Bump(fees, baseFee, tip) is { } next)
                {
                    fees = next;
                    current = Sign(request, nonce, gasLimit, fees);
                    _log?.Info("tx_fee_bump", ("what", what), ("nonce", nonce), ("maxFeePerGas", fees.MaxFeePerGas), ("tip", fees.MaxPriorityFeePerGas));
                }
                else
                {
                    _log?.Warn("tx_fee_ceiling", ("what", what), ("nonce", nonce));
                }
                // Also re-sends the same bytes when the fee cannot rise: the node may have dropped them.
                await BroadcastAsync(current, attempts, onBroadcast, what, fees, cancellationToken).ConfigureAwait(false);
                lastBroadcast = DateTime.UtcNow;
            }
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<BigInteger> EstimateGasAsync(CallInput call, CancellationToken cancellationToken)
    {
        try
        {
            return (await Web3.Eth.Transactions.EstimateGas.SendRequestAsync(call).WaitAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (Exception e) when (RevertDecoder.FromNethereum(e) is { } revert)
        {
            throw revert;
        }
    }

    private async Task<long> NonceAsync(BlockParameter block, CancellationToken cancellationToken) =>
        (long)(await Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(Address.ToLowerHex(), block).WaitAsync(cancellationToken).ConfigureAwait(false)).Value;

    private async Task<TransactionReceipt?> FirstReceiptAsync(List<Hash32> attempts, CancellationToken cancellationToken)
    {
        foreach (var hash in attempts)
        {
            if (await Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash.ToString()).WaitAsync(cancellationToken).ConfigureAwait(false) is { } receipt)
            {
                return receipt;
            }
        }
        return null;
    }

    private async Task BroadcastAsync(SignedAttempt signed, List<Hash32> attempts, Action<Hash32>? onBroadcast, string what, FeeCaps fees, CancellationToken cancellationToken)
    {
        try
        {
            await Web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(signed.Raw).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcResponseException e) when (NodeErrors.Says(e, "already known") || NodeErrors.Says(e, "already imported"))
        {
            // The node still holds these bytes: nothing to do.
        }
        catch (RpcResponseException e) when (NodeErrors.Says(e, "nonce too low") || NodeErrors.Says(e, "nonce is too low"))
        {
            // Mined meanwhile (ours or a stranger's): the receipt loop decides which.
            return;
        }
        catch (RpcResponseException e) when (NodeErrors.Says(e, "underpriced"))
        {
            // A replacement the node finds too cheap: the next bump raises it further.
            _log?.Warn("tx_underpriced", ("what", what), ("maxFeePerGas", fees.MaxFeePerGas));
            return;
        }
        if (!attempts.Contains(signed.Hash))
        {
            attempts.Add(signed.Hash);
            onBroadcast?.Invoke(signed.Hash);
            _log?.Info("tx_sent", ("what", what), ("tx", signed.Hash), ("maxFeePerGas", fees.MaxFeePerGas));
        }
    }

    private async Task<(BigInteger BaseFee, BigInteger Tip)> NetworkFeesAsync(CancellationToken cancellationToken)
    {
        var block = await Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest()).WaitAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("the node has no latest block");
        BigInteger tip;
        try
        {
            tip = (await new Nethereum.RPC.Eth.EthMaxPriorityFeePerGas(Web3.Client).SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RpcResponseException)
        {
            // A node without the method (older or minimal ones) answers -32601.
            tip = FallbackTip;
        }
        return (block.BaseFeePerGas?.Value ?? 0, tip);
    }

    // Signed by Nethereum's EIP-1559 signer; the hash is keccak of the raw bytes, as nodes compute it.
    private SignedAttempt Sign(TransactionRequest request, long nonce, BigInteger gasLimit, FeeCaps fees)
    {
        var transaction = new Transaction1559(ChainId, nonce, fees.MaxPriorityFeePerGas, fees.MaxFeePerGas, gasLimit,
            request.To?.ToLowerHex(), request.Value, HexConvert.ToHex(request.Data), new List<AccessListItem>());
        var raw = new Transaction1559Signer().SignTransaction(Key, transaction);
        var hex = raw.StartsWith("0x", StringComparison.Ordinal) ? raw : "0x" + raw;
        return new SignedAttempt(hex, Keccak256.Hash(HexConvert.FromHex(hex)));
    }

    /// <summary>One signed attempt: the hex broadcast and the hash its receipt is looked up by.</summary>
    private sealed record SignedAttempt(string Raw, Hash32 Hash);

    private async Task<ContractRevertException> ExplainRevertAsync(CallInput call, TransactionReceipt receipt, CancellationToken cancellationToken)
    {
        var hash = Hash32.Parse(receipt.TransactionHash);
        // Receipts carry no reason: replay the call on the state it ran against.
        call.Gas = new HexBigInteger(receipt.GasUsed.Value * 2);
        try
        {
            var before = new BlockParameter(new HexBigInteger(BigInteger.Max(0, receipt.BlockNumber.Value - 1)));
            await Web3.Eth.Transactions.Call.SendRequestAsync(call, before).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RevertDecoder.FromNethereum(e) is { } revert)
        {
            return RevertDecoder.ToException(revert.RevertData, e, hash);
        }
        catch (RpcResponseException)
        {
            // The node cannot replay it: report the revert without a reason.
        }
        return RevertDecoder.ToException([], null, hash);
    }
}
