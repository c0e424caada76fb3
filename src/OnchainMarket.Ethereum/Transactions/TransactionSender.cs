using System.Numerics;

namespace OnchainMarket.Ethereum;

/// <summary>
/// Signs and sends transactions for one key: a local nonce counter that is safe under concurrent sends
/// (resynchronised from the node on "nonce too low"), gas estimation with a margin, EIP-1559 fees
/// (2 × base fee + tip) and receipt waiting. Reverts surface as <see cref="ContractRevertException"/>.
/// </summary>
public sealed class TransactionSender
{
    private readonly SemaphoreSlim _nonceLock = new(1, 1);
    private long? _nextNonce;

    /// <summary>Creates a sender for a known chain id.</summary>
    public TransactionSender(JsonRpcClient rpc, EthereumKey key, long chainId, TransactionSenderOptions? options = null)
    {
        Rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));
        Key = key ?? throw new ArgumentNullException(nameof(key));
        ChainId = chainId;
        Options = options ?? new TransactionSenderOptions();
    }

    /// <summary>Creates a sender, asking the node for its chain id.</summary>
    public static async Task<TransactionSender> CreateAsync(JsonRpcClient rpc, EthereumKey key, TransactionSenderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        var chainId = await rpc.GetChainIdAsync(cancellationToken).ConfigureAwait(false);
        return new TransactionSender(rpc, key, chainId, options);
    }

    /// <summary>The node.</summary>
    public JsonRpcClient Rpc { get; }

    /// <summary>The signing key.</summary>
    public EthereumKey Key { get; }

    /// <summary>The sender's address.</summary>
    public Address Address => Key.Address;

    /// <summary>The chain id bound into signatures.</summary>
    public long ChainId { get; }

    /// <summary>The policy.</summary>
    public TransactionSenderOptions Options { get; }

    /// <summary>Sends and waits for the receipt; a status-0 receipt is re-simulated and thrown as <see cref="ContractRevertException"/>.</summary>
    public async Task<TransactionReceipt> SendAndWaitAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        var hash = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        var receipt = await WaitForReceiptAsync(hash, cancellationToken).ConfigureAwait(false);
        if (!receipt.Succeeded)
        {
            throw await ExplainFailureAsync(request, receipt, cancellationToken).ConfigureAwait(false);
        }
        return receipt;
    }

    /// <summary>Estimates gas (a revert throws <see cref="ContractRevertException"/>), signs with the next nonce and broadcasts.</summary>
    public async Task<Hash32> SendAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var gasLimit = request.GasLimit ?? BigInteger.Max(await EstimateGasAsync(request, cancellationToken).ConfigureAwait(false), request.MinimumGasLimit ?? 0);
        var fees = await EstimateFeesAsync(cancellationToken).ConfigureAwait(false);
        await _nonceLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                _nextNonce ??= await Rpc.GetTransactionCountAsync(Address, BlockTag.Pending, cancellationToken).ConfigureAwait(false);
                var signed = Sign(request, _nextNonce.Value, gasLimit, fees);
                try
                {
                    var hash = await Rpc.SendRawTransactionAsync(signed.Raw, cancellationToken).ConfigureAwait(false);
                    _nextNonce++;
                    return hash;
                }
                catch (RpcException e) when (attempt < 2 && IsNonceTooLow(e))
                {
                    // A retried broadcast whose first attempt was accepted and mined looks like this too: never send it twice.
                    if (await Rpc.GetTransactionReceiptAsync(signed.Hash, cancellationToken).ConfigureAwait(false) is not null)
                    {
                        _nextNonce = null;
                        return signed.Hash;
                    }
                    // Another process used this key: take the node's count.
                    _nextNonce = null;
                }
                catch (RpcException e) when (e.NodeMessage.Contains("already known", StringComparison.OrdinalIgnoreCase))
                {
                    // A retried broadcast of the same bytes: the node already holds it.
                    _nextNonce++;
                    return signed.Hash;
                }
                catch
                {
                    // Whether the node took the nonce is unknown: ask it again next time.
                    _nextNonce = null;
                    throw;
                }
            }
        }
        finally
        {
            _nonceLock.Release();
        }
    }

    /// <summary>Forgets the cached nonce so the next send asks the node.</summary>
    public async Task ResyncNonceAsync(CancellationToken cancellationToken = default)
    {
        await _nonceLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _nextNonce = await Rpc.GetTransactionCountAsync(Address, BlockTag.Pending, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _nonceLock.Release();
        }
    }

    /// <summary>Polls for the receipt until <see cref="TransactionSenderOptions.ReceiptTimeout"/>.</summary>
    /// <exception cref="TimeoutException">No receipt in time.</exception>
    public async Task<TransactionReceipt> WaitForReceiptAsync(Hash32 transactionHash, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + Options.ReceiptTimeout;
        while (true)
        {
            var receipt = await Rpc.GetTransactionReceiptAsync(transactionHash, cancellationToken).ConfigureAwait(false);
            if (receipt is not null)
            {
                return receipt;
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"No receipt for transaction {transactionHash} after {Options.ReceiptTimeout.TotalSeconds:0.#} s.");
            }
            await Task.Delay(Options.ReceiptPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Simulates a call from this sender; a revert throws <see cref="ContractRevertException"/>.</summary>
    public Task<byte[]> CallAsync(TransactionRequest request, BlockTag block = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Rpc.CallAsync(ToCall(request), block, cancellationToken);
    }

    private async Task<BigInteger> EstimateGasAsync(TransactionRequest request, CancellationToken cancellationToken)
    {
        var estimate = await Rpc.EstimateGasAsync(ToCall(request), cancellationToken).ConfigureAwait(false);
        return estimate * (100 + Options.GasMarginPercent) / 100;
    }

    private async Task<(BigInteger MaxFee, BigInteger Priority, bool Legacy)> EstimateFeesAsync(CancellationToken cancellationToken)
    {
        var header = await Rpc.GetBlockByNumberAsync(BlockTag.Latest, cancellationToken).ConfigureAwait(false)
            ?? throw new RpcProtocolException("eth_getBlockByNumber", "the node has no latest block.");
        if (Options.UseLegacyTransactions || header.BaseFeePerGas is null)
        {
            var gasPrice = await Rpc.GetGasPriceAsync(cancellationToken).ConfigureAwait(false);
            return (gasPrice, gasPrice, true);
        }
        BigInteger priority;
        try
        {
            priority = await Rpc.GetMaxPriorityFeePerGasAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            priority = Options.FallbackPriorityFeePerGas;
        }
        // Twice the base fee survives six full blocks of base-fee growth before the transaction is priced out.
        return (header.BaseFeePerGas.Value * 2 + priority, priority, false);
    }

    private SignedTransaction Sign(TransactionRequest request, long nonce, BigInteger gasLimit, (BigInteger MaxFee, BigInteger Priority, bool Legacy) fees)
    {
        if (fees.Legacy)
        {
            return new LegacyTransaction
            {
                ChainId = ChainId,
                Nonce = nonce,
                GasPrice = fees.MaxFee,
                GasLimit = gasLimit,
                To = request.To,
                Value = request.Value,
                Data = request.Data,
            }.Sign(Key);
        }
        return new Eip1559Transaction
        {
            ChainId = ChainId,
            Nonce = nonce,
            MaxFeePerGas = fees.MaxFee,
            MaxPriorityFeePerGas = fees.Priority,
            GasLimit = gasLimit,
            To = request.To,
            Value = request.Value,
            Data = request.Data,
        }.Sign(Key);
    }

    private async Task<ContractRevertException> ExplainFailureAsync(TransactionRequest request, TransactionReceipt receipt, CancellationToken cancellationToken)
    {
        // The receipt has no reason: replay the call on the parent block's state to get the revert data.
        var call = ToCall(request) with { Gas = receipt.GasUsed > 0 ? receipt.GasUsed * 2 : null };
        try
        {
            await Rpc.CallAsync(call, BlockTag.At(Math.Max(0, receipt.BlockNumber - 1)), cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertException revert)
        {
            return WithHash(revert, receipt.TransactionHash);
        }
        catch (RpcException)
        {
            // The node cannot replay (pruned state): report the revert without a reason.
        }
        return WithHash(new ContractRevertException(new DecodedRevert(null, null, [], [])), receipt.TransactionHash);
    }

    private static ContractRevertException WithHash(ContractRevertException exception, Hash32 hash)
    {
        exception.TransactionHash = hash;
        return exception;
    }

    private CallRequest ToCall(TransactionRequest request) => new()
    {
        From = Address,
        To = request.To,
        Data = request.Data,
        Value = request.Value.IsZero ? null : request.Value,
    };

    private static bool IsNonceTooLow(RpcException e) =>
        e.NodeMessage.Contains("nonce too low", StringComparison.OrdinalIgnoreCase)
        || e.NodeMessage.Contains("nonce is too low", StringComparison.OrdinalIgnoreCase);
}
