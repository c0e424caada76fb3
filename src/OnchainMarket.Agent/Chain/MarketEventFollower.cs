using System.Numerics;
using Nethereum.BlockchainProcessing;
using Nethereum.BlockchainProcessing.ProgressRepositories;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OnchainMarket.Agent.Market;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Chain;

/// <summary>
/// Follows the market's events with Nethereum.BlockchainProcessing: one log processor whose eth_getLogs filter
/// is the market's address and the topic0 of every event the prover client acts on (server side: the node sends
/// nothing else), with a typed handler per event (<see cref="MarketEventDecoder.Handlers"/>), in ranges of
/// <see cref="BlocksPerRequest"/> blocks. It is its own progress repository: <see cref="NextBlock"/> moves on after
/// each range is handled. Delivery is at least once (a range that fails part-way is read again from its start),
/// which is safe because the agent's handlers are idempotent.
/// </summary>
public sealed class MarketEventFollower : IBlockProgressRepository
{
    /// <summary>Blocks per eth_getLogs call, within what public nodes answer.</summary>
    public const int BlocksPerRequest = 2000;

    private readonly BlockchainProcessor _processor;

    public MarketEventFollower(IWeb3 web3, Address market, long fromBlock, Action<MarketEvent> handle)
    {
        NextBlock = fromBlock;
        var filter = new NewFilterInput
        {
            Address = [market.ToLowerHex()],
            Topics = [MarketEventDecoder.Topics.ToArray()],
        };
        // No confirmations: the caller names the block to follow to (its head read), as before.
        _processor = web3.Processing.Logs.CreateProcessor(MarketEventDecoder.Handlers(handle), minimumBlockConfirmations: 0, filter, this,
            defaultNumberOfBlocksPerRequest: BlocksPerRequest);
    }

    /// <summary>The first block not yet handled.</summary>
    public long NextBlock { get; private set; }

    /// <summary>Handles every event from <see cref="NextBlock"/> up to and including <paramref name="head"/>.</summary>
    public Task FollowToAsync(long head, CancellationToken cancellationToken) =>
        head < NextBlock ? Task.CompletedTask : _processor.ExecuteAsync(head, cancellationToken, NextBlock);

    Task IBlockProgressRepository.UpsertProgressAsync(BigInteger blockNumber)
    {
        NextBlock = Math.Max(NextBlock, (long)blockNumber + 1);
        return Task.CompletedTask;
    }

    Task<BigInteger?> IBlockProgressRepository.GetLastBlockNumberProcessedAsync() =>
        Task.FromResult<BigInteger?>(NextBlock > 0 ? NextBlock - 1 : null);
}
