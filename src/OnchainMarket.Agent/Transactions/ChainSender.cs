using System.Numerics;
using OnchainMarket.Agent.Logging;
using AccessListItem = Nethereum.Model.AccessListItem;
using Transaction1559 = Nethereum.Model.Transaction1559;
using Nethereum.Signer;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Transactions;

/// <summary>
/// Sends one transaction at a time for one key and sees it through: estimates gas (a revert
/// surfaces before anything is signed), signs EIP-1559 with the pending nonce, and while waiting
/// for the receipt re-broadcasts a transaction the node dropped, replaces a stuck one with bumped
/// fees (same nonce, <see cref="FeeBumpPolicy"/>), and recognises that any of its attempts was
/// mined. A mined revert is replayed to recover its reason and thrown as
/// <see cref="ContractRevertException"/>; a nonce taken by a stranger throws
/// <see cref="TransactionDroppedException"/>. One at a time keeps the nonce bookkeeping trivial;
/// the prover's transactions are few and its time goes to proving.
/// </summary>
public sealed class ChainSender
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StructuredLog? _log;
    private readonly EthECKey _signingKey;

    public ChainSender(JsonRpcClient rpc, EthereumKey key, long chainId, FeeBumpPolicy? policy = null, StructuredLog? log = null)
    {
        Rpc = rpc;
        Key = key;
        _signingKey = new EthECKey(key.PrivateKeyBytes(), true);
        ChainId = chainId;
        Policy = policy ?? new FeeBumpPolicy();
        _log = log;
    }

    public JsonRpcClient Rpc { get; }

    public EthereumKey Key { get; }

    public Address Address => Key.Address;

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

    private async Task<TransactionReceipt> SendLockedAsync(TransactionRequest request, string what, Action<Hash32>? onBroadcast, CancellationToken cancellationToken)
    {
        var call = new CallRequest { From = Address, To = request.To, Data = request.Data, Value = request.Value.IsZero ? null : request.Value };
        var gasLimit = request.GasLimit
            ?? BigInteger.Max(await Rpc.EstimateGasAsync(call, cancellationToken).ConfigureAwait(false) * 125 / 100 + 10_000, request.MinimumGasLimit ?? 0);
        var nonce = await Rpc.GetTransactionCountAsync(Address, BlockTag.Pending, cancellationToken).ConfigureAwait(false);
        var (baseFee, tip) = await NetworkFeesAsync(cancellationToken).ConfigureAwait(false);
        var fees = Policy.Initial(baseFee, tip);

        var attempts = new List<Hash32>();
        SignedAttempt current = Sign(request, nonce, gasLimit, fees);
        await BroadcastAsync(current, attempts, onBroadcast, what, fees, cancellationToken).ConfigureAwait(false);

        var started = DateTime.UtcNow;
        var lastBroadcast = DateTime.UtcNow;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var hash in attempts)
            {
                var receipt = await Rpc.GetTransactionReceiptAsync(hash, cancellationToken).ConfigureAwait(false);
                if (receipt is null)
                {
                    continue;
                }
                GasSpent += receipt.GasUsed * receipt.EffectiveGasPrice;
                if (receipt.Succeeded)
                {
                    _log?.Info("tx_mined", ("what", what), ("tx", receipt.TransactionHash), ("block", receipt.BlockNumber), ("gas", receipt.GasUsed));
                    return receipt;
                }
                _log?.Warn("tx_reverted", ("what", what), ("tx", receipt.TransactionHash));
                throw await ExplainRevertAsync(call, receipt, cancellationToken).ConfigureAwait(false);
            }

            var mined = await Rpc.GetTransactionCountAsync(Address, BlockTag.Latest, cancellationToken).ConfigureAwait(false);
            if (mined > nonce)
            {
                // Our nonce is used but none of our attempts has a receipt: give the node a moment (a
                // receipt can lag the count), then conclude a stranger's transaction took the nonce.
                await Task.Delay(PollInterval * 5, cancellationToken).ConfigureAwait(false);
                foreach (var hash in attempts)
                {
                    if (await Rpc.GetTransactionReceiptAsync(hash, cancellationToken).ConfigureAwait(false) is not null)
                    {
                        goto poll_again;
                    }
                }
                _log?.Warn("tx_replaced_by_stranger", ("what", what), ("nonce", nonce));
                throw new TransactionDroppedException($"{what}: nonce {nonce} was used by another transaction of {Address}", attempts);
            }

            if (DateTime.UtcNow - started > Timeout)
            {
                throw new TimeoutException($"{what}: no receipt after {Timeout.TotalSeconds:0} s ({attempts.Count} attempt(s))");
            }

            if (DateTime.UtcNow - lastBroadcast > Policy.StuckAfter)
            {
                (baseFee, tip) = await NetworkFeesAsync(cancellationToken).ConfigureAwait(false);
                var bumped = Policy.Bump(fees, baseFee, tip);
                if (bumped is { } next)
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
        poll_again:
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task BroadcastAsync(SignedAttempt signed, List<Hash32> attempts, Action<Hash32>? onBroadcast, string what, FeeCaps fees, CancellationToken cancellationToken)
    {
        try
        {
            await Rpc.SendRawTransactionAsync(signed.Raw, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (Contains(e, "already known") || Contains(e, "already imported"))
        {
            // The node still holds these bytes: nothing to do.
        }
        catch (RpcException e) when (Contains(e, "nonce too low") || Contains(e, "nonce is too low"))
        {
            // Mined meanwhile (ours or a stranger's): the receipt loop decides which.
            return;
        }
        catch (RpcException e) when (Contains(e, "underpriced"))
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

    private static bool Contains(RpcException e, string text) => e.NodeMessage.Contains(text, StringComparison.OrdinalIgnoreCase);

    private async Task<(BigInteger BaseFee, BigInteger Tip)> NetworkFeesAsync(CancellationToken cancellationToken)
    {
        var header = await Rpc.GetBlockByNumberAsync(BlockTag.Latest, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("the node has no latest block");
        BigInteger tip;
        try
        {
            tip = await Rpc.GetMaxPriorityFeePerGasAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            tip = 1_000_000_000;
        }
        return (header.BaseFeePerGas ?? 0, tip);
    }

    // Signed by Nethereum's EIP-1559 signer; the hash is keccak of the raw bytes, as nodes compute it.
    private SignedAttempt Sign(TransactionRequest request, long nonce, BigInteger gasLimit, FeeCaps fees)
    {
        var transaction = new Transaction1559(ChainId, nonce, fees.MaxPriorityFeePerGas, fees.MaxFeePerGas, gasLimit,
            request.To?.ToLowerHex(), request.Value, HexConvert.ToHex(request.Data), new List<AccessListItem>());
        var raw = HexConvert.FromHex(new Transaction1559Signer().SignTransaction(_signingKey, transaction));
        return new SignedAttempt(raw, Keccak256.Hash(raw));
    }

    /// <summary>One signed attempt: the bytes broadcast and the hash its receipt is looked up by.</summary>
    private sealed record SignedAttempt(byte[] Raw, Hash32 Hash);

    private async Task<ContractRevertException> ExplainRevertAsync(CallRequest call, TransactionReceipt receipt, CancellationToken cancellationToken)
    {
        // Receipts carry no reason: replay the call on the state it ran against.
        try
        {
            await Rpc.CallAsync(call with { Gas = receipt.GasUsed * 2 }, BlockTag.At(Math.Max(0, receipt.BlockNumber - 1)), cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertException revert)
        {
            revert.TransactionHash = receipt.TransactionHash;
            return revert;
        }
        catch (RpcException)
        {
            // The node cannot replay it: report the revert without a reason.
        }
        return new ContractRevertException(new DecodedRevert(null, null, [], [])) { TransactionHash = receipt.TransactionHash };
    }
}
