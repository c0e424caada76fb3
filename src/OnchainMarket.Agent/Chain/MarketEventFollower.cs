using System.Numerics;
using Nethereum.BlockchainProcessing;
using Nethereum.BlockchainProcessing.LogProcessing;
using Nethereum.BlockchainProcessing.Processor;
using Nethereum.BlockchainProcessing.ProgressRepositories;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OnchainMarket.Agent.Market;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Chain;

/// <summary>
/// Follows the market's events with Nethereum.BlockchainProcessing: the node filters by the market's address and the
/// topics <see cref="MarketEventDecoder"/> maps, pages are at most <see cref="MaxBlocksPerPage"/> blocks, and the
/// progress repository is written after each page is handled, so a follower built again over the same repository
/// resumes after the last page handled. Delivery is at least once (a page whose handler threw comes again);
/// handlers are idempotent. Removed (reorged) logs are never delivered.
/// </summary>
public sealed class MarketEventFollower
{
    /// <summary>The widest page asked of the node: the range hosted providers commonly allow for eth_getLogs.</summary>
    public const int MaxBlocksPerPage = 2000;

    private readonly BlockchainProcessor _processor;
    private readonly long _startBlock;

    /// <param name="startBlock">The first block followed when <paramref name="progress"/> holds none (the market's deploy block).</param>
    /// <param name="onPage">Called once per page with its market events in chain order (block, then log index).</param>
    public MarketEventFollower(
        IWeb3 web3, Address market, long startBlock, IBlockProgressRepository progress, Action<IReadOnlyList<MarketEvent>> onPage, int blocksPerPage = MaxBlocksPerPage)
    {
        if (blocksPerPage is < 1 or > MaxBlocksPerPage)
        {
            throw new ArgumentOutOfRangeException(nameof(blocksPerPage), blocksPerPage, $"a page is 1 to {MaxBlocksPerPage} blocks");
        }
        var filter = new NewFilterInput { Address = [market.ToLowerHex()], Topics = [MarketEventDecoder.Topics.ToArray<object>()] };
        // No per-log handlers: Nethereum hands each handler the page's logs one by one, and its default strategy runs
        // handlers in parallel, so one handler per event type delivered a block's RequestAssigned before its
        // RequestSubmitted. The page strategy below takes the page whole instead.
        _processor = web3.Processing.Logs.CreateProcessor(
            Array.Empty<ProcessorHandler<FilterLog>>(), minimumBlockConfirmations: 0, filter, progress, defaultNumberOfBlocksPerRequest: blocksPerPage);
        ((LogOrchestrator)_processor.BlockchainProcessingOrchestrator).LogProcessStrategy = new PageStrategy(market, onPage);
        _startBlock = startBlock;
    }

    /// <summary>Delivers the pages from after the last one handled up to <paramref name="toBlock"/> (nothing when already there).</summary>
    /// <exception cref="Exception">What the node or the handler threw; pages before it stay handled.</exception>
    public async Task FollowToAsync(long toBlock, CancellationToken cancellationToken = default)
    {
        await _processor.ExecuteAsync(toBlock, cancellationToken, new BigInteger(_startBlock)).ConfigureAwait(false);
        // Nethereum stops quietly between pages when cancelled; a caller must not take that for "caught up".
        cancellationToken.ThrowIfCancellationRequested();
    }

    private sealed class PageStrategy(Address market, Action<IReadOnlyList<MarketEvent>> onPage) : ILogProcessStrategy
    {
        public Task ProcessLogs(FilterLog[] logs, IEnumerable<ProcessorHandler<FilterLog>> logProcessors)
        {
            // Sorted here, not left to the node or to Nethereum's sort: a block's events only make sense in log order.
            var ordered = logs.OrderBy(l => l.BlockNumber.Value).ThenBy(l => l.LogIndex.Value);
            onPage([.. MarketEventDecoder.Decode(ordered, market)]);
            return Task.CompletedTask;
        }
    }
}
