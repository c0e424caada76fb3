using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Market;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Devnet.Deploy;
using Nethereum.RPC.Eth.DTOs;
using OnchainMarket.Ethereum;
using Xunit;

namespace OnchainMarket.Agent.Tests.Chain;

/// <summary>
/// One devnet with a short market history for the follower tests, empty blocks between its steps so that small pages
/// split it: an ask, an orderbook request matched in its own submit (RequestSubmitted then RequestAssigned, one
/// transaction), a Dutch request locked, a request cancelled, and the locked one slashed past its proving window
/// (ProverSlashed then RequestReopened, one transaction). <see cref="Expected"/> is what the receipts say, in order.
/// </summary>
public sealed class FollowerScenario : IAsyncLifetime
{
    private const int EmptyBlocksBetweenSteps = 3;

    private readonly List<(TransactionReceipt Receipt, MarketEvent Event)> _expected = [];

    public DevnetSession Devnet { get; private set; } = null!;

    public MarketContracts Prover { get; private set; } = null!;

    /// <summary>The first block after the prover's registration: the scenario's market events all come after it.</summary>
    public long StartBlock { get; private set; }

    public long EndBlock { get; private set; }

    public IReadOnlyList<MarketEvent> Expected => [.. _expected.Select(e => e.Event)];

    /// <summary>The orderbook submit: its request matched the ask in the same transaction.</summary>
    public Hash32 MatchedSubmit { get; private set; }

    /// <summary>The slash of the locked Dutch request, which re-opened it in the same transaction.</summary>
    public Hash32 Slash { get; private set; }

    /// <summary>The block of the Dutch lock, somewhere in the middle of the scenario.</summary>
    public long LockBlock { get; private set; }

    public async Task InitializeAsync()
    {
        Devnet = await DevnetSession.StartAsync(provers: 1);
        Prover = Devnet.ContractsFor(DevnetSession.ProverKey(0));
        await Operator.RegisterAsync(Prover, 1000, 4, 10 * AgentHarness.Ether, "follower test prover");
        var requester = Devnet.ContractsFor(DevnetSession.RequesterKey);
        StartBlock = await Devnet.Web3.NumberAsync() + 1;

        await MineAsync(EmptyBlocksBetweenSteps);
        var now = await ChainNowAsync();
        var orderbook = AgentHarness.RollupTerms(Devnet, MarketMechanism.Orderbook, 3, 300, now, out _);
        var (_, ask) = await Prover.PlaceAskAsync(new AskOffer
        {
            CircuitId = orderbook.CircuitId, Price = orderbook.MaxPrice / 2, Expiry = now + 3600, MaxCollateral = 2 * AgentHarness.Ether,
        });
        Record(ask);

        await MineAsync(EmptyBlocksBetweenSteps);
        var (_, matched) = await requester.SubmitAsync(orderbook);
        MatchedSubmit = Record(matched);

        await MineAsync(EmptyBlocksBetweenSteps);
        var (dutchId, dutch) = await requester.SubmitAsync(AgentHarness.RollupTerms(Devnet, MarketMechanism.Dutch, 4, 310, now, out _));
        Record(dutch);
        var locked = await Prover.LockAsync(dutchId);
        Record(locked);
        LockBlock = (long)locked.BlockNumber.Value;

        await MineAsync(EmptyBlocksBetweenSteps);
        var (cancelId, cancelled) = await requester.SubmitAsync(AgentHarness.RollupTerms(Devnet, MarketMechanism.Dutch, 5, 320, now, out _));
        Record(cancelled);
        Record(await requester.CancelAsync(cancelId));

        // Past the Dutch job's proving window (40 s), so anyone may slash it.
        await Devnet.Web3.IncreaseTimeAsync(120);
        await MineAsync(EmptyBlocksBetweenSteps);
        Slash = Record(await requester.SlashAsync(dutchId));

        await MineAsync(EmptyBlocksBetweenSteps);
        EndBlock = await Devnet.Web3.NumberAsync();
    }

    /// <summary>The expected events of the blocks up to <paramref name="lastBlock"/>.</summary>
    public IReadOnlyList<MarketEvent> ExpectedUpTo(long lastBlock) => [.. _expected.Where(e => e.Receipt.BlockNumber.Value <= lastBlock).Select(e => e.Event)];

    private Hash32 Record(TransactionReceipt receipt)
    {
        Assert.True(receipt.Succeeded(), $"transaction {receipt.TransactionHash} reverted");
        _expected.AddRange(Prover.EventsOf(receipt).Select(e => (receipt, e)));
        return Hash32.Parse(receipt.TransactionHash);
    }

    private Task MineAsync(int blocks) => Devnet.Web3.MineAsync(blocks);

    private async Task<long> ChainNowAsync() =>
        Math.Max(AgentHarness.Now(), await Devnet.Web3.TimestampAsync());

    public async Task DisposeAsync() => await Devnet.DisposeAsync();
}
