using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace OnchainMarket.Agent.Chain;

/// <summary>
/// The head of the chain read through Nethereum: its number and its block's timestamp, which is the chain's clock
/// (deadlines and ramps are judged by it, not by ours). One place for the two reads every client needs.
/// </summary>
public static class ChainHead
{
    /// <summary>The latest block's number.</summary>
    public static async Task<long> NumberAsync(this IWeb3 web3, CancellationToken cancellationToken = default) =>
        (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>Block <paramref name="number"/> (the latest when null) without its transactions' bodies; null when the node has no such block.</summary>
    public static Task<BlockWithTransactionHashes?> BlockAsync(this IWeb3 web3, long? number = null, CancellationToken cancellationToken = default) =>
        web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber
            .SendRequestAsync(number is { } n ? new BlockParameter(checked((ulong)n)) : BlockParameter.CreateLatest())
            .WaitAsync(cancellationToken)!;

    /// <summary>The latest block's timestamp (unix seconds).</summary>
    public static async Task<long> TimestampAsync(this IWeb3 web3, CancellationToken cancellationToken = default) =>
        (long)((await web3.BlockAsync(null, cancellationToken).ConfigureAwait(false))
            ?? throw new InvalidOperationException("the node has no latest block")).Timestamp.Value;
}
