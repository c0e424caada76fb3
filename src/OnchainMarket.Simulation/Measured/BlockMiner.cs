using OnchainMarket.Ethereum;
using TransactionReceipt = Nethereum.RPC.Eth.DTOs.TransactionReceipt;

namespace OnchainMarket.Simulation.Measured;

/// <summary>
/// Mines the devnet's blocks by hand (automine off): the transactions of one block are broadcast
/// in a fixed order, then the block is mined at a chosen timestamp. That is how the measured run
/// puts simulated proving time and auction windows on the chain's clock without waiting for them.
/// </summary>
internal sealed class BlockMiner(JsonRpcClient rpc)
{
    /// <summary>Timestamp of the last block mined.</summary>
    public long Now { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await rpc.SendRawAsync("evm_setAutomine", [false], cancellationToken).ConfigureAwait(false);
        var head = await rpc.GetBlockByNumberAsync(BlockTag.Latest, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("the devnet has no head block");
        Now = head.Timestamp;
    }

    /// <summary>
    /// Broadcasts each send in turn (so their order in the block is the list's order), mines one
    /// block at <paramref name="timestamp"/> (or one second after the last block, if later) and
    /// returns the receipts. A send that fails before broadcasting fails the whole call, after the
    /// block is mined so that no transaction is left pending.
    /// </summary>
    public async Task<TransactionReceipt[]> MineAsync(long timestamp, IReadOnlyList<Func<Action<Hash32>, Task<TransactionReceipt>>> sends, CancellationToken cancellationToken)
    {
        var tasks = new List<Task<TransactionReceipt>>();
        foreach (var send in sends)
        {
            var broadcast = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var task = send(_ => broadcast.TrySetResult());
            tasks.Add(task);
            await Task.WhenAny(broadcast.Task, task).ConfigureAwait(false);
            if (task.IsFaulted)
            {
                break;
            }
        }
        var at = Math.Max(timestamp, Now + 1);
        await rpc.SendRawAsync("evm_setNextBlockTimestamp", [at], cancellationToken).ConfigureAwait(false);
        await rpc.SendRawAsync("evm_mine", [], cancellationToken).ConfigureAwait(false);
        Now = at;
        return await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
    }

    public async Task<TransactionReceipt> MineOneAsync(long timestamp, Func<Action<Hash32>, Task<TransactionReceipt>> send, CancellationToken cancellationToken) =>
        (await MineAsync(timestamp, [send], cancellationToken).ConfigureAwait(false))[0];
}
