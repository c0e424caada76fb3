using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Fleet.Coordinator;
using OnchainMarket.Fleet.Queue;
using OnchainMarket.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace OnchainMarket.Fleet.Tests;

/// <summary>The capacity a coordinator declares on a real anvil market follows the workers alive in a real Postgres queue.</summary>
[Collection("postgres")]
public sealed class FleetCapacityChainPostgresTests(PostgresFixture postgres, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan LiveWithin = TimeSpan.FromSeconds(3);
    private readonly string _state = Directory.CreateTempSubdirectory("omkt-fleet-capacity-").FullName;

    [Fact]
    public async Task Two_live_workers_declare_capacity_2_and_one_that_stops_heartbeating_brings_it_down_to_1()
    {
        await using var devnet = await DevnetSession.StartAsync(provers: 1, progress: output.WriteLine);
        await using var db = await FleetDatabase.CreateAsync(postgres);
        var log = new StringWriter();
        var structured = new StructuredLog(log, "coordinator", json: false);
        var chain = devnet.ContractsFor(DevnetSession.ProverKey(0), structured);
        // Registered with a capacity of 5: what the fleet declares must come from its workers, not from here.
        await Operator.RegisterAsync(chain, 1000, 5, 0, "fleet capacity test");
        var circuit = FleetProver.Normalized(devnet.Deployment.FindCircuit("rollup")!.CircuitId);
        foreach (var name in new[] { "steady", "leaving" })
        {
            await db.Workers.SeenAsync(name, "cpu");
            await db.Workers.RecordSpeedAsync(name, circuit, TimeSpan.FromSeconds(1));
        }
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var leaving = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var heartbeats = Task.WhenAll(HeartbeatAsync(db, "steady", stop.Token), HeartbeatAsync(db, "leaving", leaving.Token));
        await using var fleet = new FleetProver(db.Source, new MarkedProofCheck(), structured.For("fleet")) { LiveWithin = LiveWithin, PollInterval = TimeSpan.FromMilliseconds(100) };
        await fleet.StartAsync([], stop.Token);
        using var library = new CircuitLibrary(CircuitBuilder.OutputDirectory);
        using var engine = new ProofEngine("cpu");
        var model = new CostModel { NanosecondsPerConstraint = 100_000, WeiPerProvingSecond = 1_000_000_000_000, MarginBps = 1000 };
        await using var agent = new ProverAgent("coordinator", chain, library, engine, new Pricer(model), new ProverAgentOptions
        {
            StateDirectory = _state,
            Capacity = int.MaxValue,
            PlaceAsks = false,
            Keeper = false,
            Fleet = fleet,
            FleetCapacityInterval = TimeSpan.FromSeconds(1),
        }, structured);
        var run = agent.RunAsync(stop.Token);
        try
        {
            // Given two workers checking in, when the coordinator runs, then it declares two jobs on chain.
            await DeclaredAsync(chain, 2, TimeSpan.FromSeconds(60));

            // When one stops checking in, then once it is past LiveWithin the declared capacity falls to one.
            await leaving.CancelAsync();
            var stoppedAt = DateTime.UtcNow;
            await DeclaredAsync(chain, 1, TimeSpan.FromSeconds(60));
            Assert.True(DateTime.UtcNow - stoppedAt >= LiveWithin - TimeSpan.FromSeconds(1), "the capacity fell before the worker's heartbeat expired");
        }
        finally
        {
            await stop.CancelAsync();
            await run;
            await heartbeats;
            leaving.Dispose();
            output.WriteLine(log.ToString());
        }
    }

    private static async Task DeclaredAsync(MarketContracts chain, long expected, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        long seen;
        while ((seen = (await chain.OperatorStateAsync(chain.Account)).MaxConcurrent) != expected)
        {
            Assert.True(DateTime.UtcNow < until, $"declared capacity stayed {seen}, expected {expected}");
            await Task.Delay(200);
        }
    }

    /// <summary>Checks in every half second, as a worker does, until cancelled.</summary>
    private static async Task HeartbeatAsync(FleetDatabase db, string name, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await db.Workers.SeenAsync(name, "cpu", cancellationToken);
                await Task.Delay(500, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The worker stopped.
        }
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
