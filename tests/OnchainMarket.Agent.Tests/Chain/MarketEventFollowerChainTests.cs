using Nethereum.BlockchainProcessing.ProgressRepositories;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Market;
using OnchainMarket.Ethereum;
using Xunit;

namespace OnchainMarket.Agent.Tests.Chain;

/// <summary>The market event follower (Nethereum.BlockchainProcessing) against a real anvil and a real market history.</summary>
[Collection("devnet")]
public sealed class MarketEventFollowerChainTests(FollowerScenario scenario) : IClassFixture<FollowerScenario>, IDisposable
{
    private readonly string _progressFile = Path.Combine(Directory.CreateTempSubdirectory("omkt-follow-").FullName, "progress.json");

    [Fact]
    public async Task Events_spread_over_many_small_pages_arrive_once_each_in_chain_order()
    {
        var pages = new List<IReadOnlyList<MarketEvent>>();
        var follower = Follower(new InMemoryBlockchainProgressRepository(), pages.Add, blocksPerPage: 3);

        await follower.FollowToAsync(scenario.EndBlock);

        Assert.Equal(Keys(scenario.Expected), Keys(pages.SelectMany(p => p)));
        // The scenario's steps are empty blocks apart, so 3-block pages split them.
        Assert.True(pages.Count(p => p.Count > 0) >= 4, $"the events came in {pages.Count(p => p.Count > 0)} pages");
        Assert.True(pages.Count >= (scenario.EndBlock - scenario.StartBlock + 1) / 3, $"{pages.Count} pages for {scenario.EndBlock - scenario.StartBlock + 1} blocks");
    }

    /// <summary>
    /// The case that per-event-type handlers got wrong: two event types from one transaction, both in one page. A request
    /// matched by a standing ask is submitted and assigned in its submit; a slashed request is re-opened in its slash.
    /// </summary>
    [Fact]
    public async Task Events_of_different_types_in_one_block_keep_their_log_order()
    {
        var delivered = new List<MarketEvent>();
        var follower = Follower(new InMemoryBlockchainProgressRepository(), delivered.AddRange);

        await follower.FollowToAsync(scenario.EndBlock);

        Assert.Equal([nameof(RequestSubmitted), nameof(RequestAssigned)], TypesIn(delivered, scenario.MatchedSubmit));
        Assert.Equal([nameof(ProverSlashed), nameof(RequestReopened)], TypesIn(delivered, scenario.Slash));
        Assert.Equal(Keys(scenario.Expected), Keys(delivered));
    }

    [Fact]
    public async Task A_follower_built_again_over_saved_progress_resumes_after_the_last_page_without_gaps_or_repeats()
    {
        var delivered = new List<MarketEvent>();
        await Follower(FileProgress(), delivered.AddRange, blocksPerPage: 4).FollowToAsync(scenario.LockBlock);
        Assert.Equal(Keys(scenario.ExpectedUpTo(scenario.LockBlock)), Keys(delivered));

        // A restart: a new follower, the progress read back from its file.
        await Follower(FileProgress(), delivered.AddRange, blocksPerPage: 4).FollowToAsync(scenario.EndBlock);

        Assert.Equal(Keys(scenario.Expected), Keys(delivered));
        Assert.Equal(scenario.EndBlock, (long)(await FileProgress().GetLastBlockNumberProcessedAsync())!.Value);
    }

    [Fact]
    public async Task A_page_whose_handler_threw_is_delivered_again_to_the_next_follower()
    {
        var delivered = new List<MarketEvent>();
        var first = Follower(FileProgress(), page =>
        {
            if (page.Any(e => e is ProverSlashed))
            {
                throw new InvalidOperationException("handler failed");
            }
            delivered.AddRange(page);
        }, blocksPerPage: 4);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => first.FollowToAsync(scenario.EndBlock));
        Assert.Equal("handler failed", failure.Message);
        var saved = (long)(await FileProgress().GetLastBlockNumberProcessedAsync())!.Value;
        Assert.True(saved < scenario.EndBlock, $"progress {saved} passed the failed page");

        await Follower(FileProgress(), delivered.AddRange, blocksPerPage: 4).FollowToAsync(scenario.EndBlock);

        Assert.Equal(Keys(scenario.Expected), Keys(delivered));
    }

    private MarketEventFollower Follower(IBlockProgressRepository progress, Action<IReadOnlyList<MarketEvent>> onPage, int blocksPerPage = MarketEventFollower.MaxBlocksPerPage) =>
        new(scenario.Prover.Web3, scenario.Prover.MarketAddress, scenario.StartBlock, progress, onPage, blocksPerPage);

    /// <summary>Nethereum's JSON progress, kept in a file as a restarted process would find it.</summary>
    private JsonBlockProgressRepository FileProgress() => new(
        () => Task.FromResult(File.Exists(_progressFile)),
        json => File.WriteAllTextAsync(_progressFile, json),
        () => File.ReadAllTextAsync(_progressFile));

    /// <summary>What identifies an event here: its type, subject and transaction (records holding lists do not compare by value).</summary>
    private static List<(string Type, string Id, Hash32 Transaction)> Keys(IEnumerable<MarketEvent> events) =>
        [.. events.Select(e => (e.GetType().Name, e.Id.ToString(), e.TransactionHash))];

    private static List<string> TypesIn(IEnumerable<MarketEvent> events, Hash32 transaction) =>
        [.. events.Where(e => e.TransactionHash == transaction).Select(e => e.GetType().Name)];

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_progressFile)!, recursive: true);
}
