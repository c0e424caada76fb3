using System.Collections.Concurrent;
using System.Numerics;
using Npgsql;
using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Agent.Units;
using OnchainMarket.Devnet;
using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Catalog;
using OnchainMarket.Indexer.Ingest;
using OnchainMarket.Indexer.Schema;

namespace OnchainMarket.Cli.Commands.Demo;

/// <summary>
/// The end-to-end demo: a devnet, an embedded Postgres with the indexer, three provers with
/// different costs and capacities (the cheapest one made to drop its first job), a rollup that
/// posts batches through the market, and a requester streaming requests under every mechanism.
/// Everything it starts is stopped on the way out, Ctrl-C included.
/// </summary>
internal sealed class DemoRun(DemoOptions options, TextWriter? log)
{
    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);
    private static readonly BigInteger Gwei = 1_000_000_000;

    private readonly ConcurrentDictionary<BigInteger, string> _requests = new();
    private readonly List<ProverAgent> _agents = [];
    private readonly ConcurrentQueue<string> _events = new();

    public IReadOnlyList<ProverAgent> Agents => _agents;

    /// <summary>Lower-case address → prover name, for the summary.</summary>
    public Dictionary<string, string> ProverNames { get; } = new(StringComparer.Ordinal);

    public DevnetSession? Devnet { get; private set; }

    public ChainIndexer? Indexer { get; private set; }

    public string? ConnectionString { get; private set; }

    public int RollupBatchesProved { get; private set; }

    public BigInteger RollupRoot { get; private set; }

    /// <summary>Request id → a label (mechanism, circuit) for everything the demo submitted.</summary>
    public IReadOnlyDictionary<BigInteger, string> Requests => _requests;

    /// <summary>Milestones for the live view ("slashed prover3 on request 1").</summary>
    public IEnumerable<string> RecentEvents => _events.Reverse().Take(8);

    public string Stage { get; private set; } = "starting";

    private void Note(string message)
    {
        _events.Enqueue($"{DateTime.Now:HH:mm:ss} {message}");
        while (_events.Count > 50)
        {
            _events.TryDequeue(out _);
        }
    }

    public async Task<DemoOutcome> RunAsync(Func<string, Task>? progress, CancellationToken cancellationToken)
    {
        async Task Say(string text)
        {
            Stage = text;
            if (progress is not null)
            {
                await progress(text);
            }
        }

        LocalPostgres? postgres = null;
        NpgsqlDataSource? database = null;
        var agentRuns = new List<Task>();
        Task? indexerRun = null;
        // The indexer reads logs through our own client (it needs its paging and limits); all else goes through Nethereum.
        JsonRpcClient? indexerRpc = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var engines = new List<ProofEngine>();
        DemoFleet? fleet = null;
        try
        {
            await Say("building circuits, starting anvil and PostgreSQL");
            var postgresStart = options.ConnectionString is null ? LocalPostgres.StartAsync(cancellationToken) : Task.FromResult<LocalPostgres>(null!);
            Devnet = await DevnetSession.StartAsync(provers: 3, progress: m => Stage = m, collateral: options.Collateral, cancellationToken: cancellationToken);
            postgres = options.ConnectionString is null ? await postgresStart : null;
            if (postgres is not null)
            {
                // SIGTERM ends the process without unwinding: stop the cluster on the way out anyway.
                var cluster = postgres;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
            }
            ConnectionString = options.ConnectionString ?? postgres!.ConnectionString;
            database = NpgsqlDataSource.Create(ConnectionString);
            await Migrator.MigrateAsync(database, cancellationToken);

            var deployment = Devnet.Deployment;
            var contracts = new Dictionary<Address, string>
            {
                [Address.Parse(deployment.Market)] = "ProofMarket",
                // Either stake source, under its catalog name (the indexer knows both contracts' events).
                [Address.Parse(deployment.StakeSource)] = deployment.Collateral == CollateralKind.Symbiotic ? "SymbioticStakeSource" : "RestakingVault",
                [Address.Parse(deployment.Registry)] = "CircuitRegistry",
            };
            if (deployment.Rollup is not null)
            {
                contracts[Address.Parse(deployment.Rollup)] = "ExampleRollup";
            }
            indexerRpc = new JsonRpcClient(Devnet.Anvil.RpcUrl);
            Indexer = new ChainIndexer(indexerRpc, database, EventCatalog.Market(),
                new IndexerOptions { FromBlock = deployment.DeployBlock, Contracts = contracts, PollInterval = TimeSpan.FromMilliseconds(500) });
            indexerRun = Task.Run(() => Indexer.RunAsync(stop.Token), CancellationToken.None);

            await Say("calibrating the cost model (one proof of the rollup circuit)");
            var library = new CircuitLibrary(CircuitBuilder.OutputDirectory);
            var setupChain = Devnet.ContractsFor(DevnetSession.DeployerKey);
            var served = new List<CircuitFiles>();
            foreach (var circuit in deployment.Circuits)
            {
                served.Add(await library.ResolveAsync(setupChain, Hash32.Parse(circuit.CircuitId), cancellationToken));
            }
            var engine = new ProofEngine(options.Backend);
            engines.Add(engine);
            var calibrated = CostCalibration.Calibrate(engine, [served.First(c => c.Name == "rollup")], 1, 0, cancellationToken);
            Note($"calibrated on {engine.BackendName}: {calibrated.NanosecondsPerConstraint / 1000:0.0} µs per constraint");

            await Say("registering three provers");
            // Three operators: gamma is the cheapest (and will drop its first job), alpha the
            // workhorse that also races, beta the expensive one with little capacity.
            var profiles = new[]
            {
                new ProverProfile("alpha", 0, 20_000 * Gwei, 1000, Capacity: 3, Race: true, Fail: false, Commission: 1000),
                new ProverProfile("beta", 1, 60_000 * Gwei, 1500, Capacity: 2, Race: false, Fail: false, Commission: 500),
                new ProverProfile("gamma", 2, 5_000 * Gwei, 500, Capacity: 1, Race: false, Fail: true, Commission: 1500),
            };
            var stateRoot = Directory.CreateTempSubdirectory("omkt-demo-").FullName;
            var failedOnce = 0;
            foreach (var profile in profiles)
            {
                var structured = new StructuredLog(log, profile.Name);
                structured.Written += e => OnAgentEvent(profile.Name, e);
                var chain = Devnet.ContractsFor(DevnetSession.ProverKey(profile.Index), structured);
                ProverNames[chain.Account.ToString().ToLowerInvariant()] = profile.Name;
                await Operator.RegisterAsync(chain, profile.Commission, profile.Capacity, 20 * Ether, $"demo prover {profile.Name}", cancellationToken);
                var model = calibrated with { WeiPerProvingSecond = profile.WeiPerSecond, MarginBps = profile.MarginBps };
                if (profile.Index == 0 && options.Workers > 0)
                {
                    await Say($"starting {options.Workers} proving worker processes for {profile.Name} (fleet queue in Postgres)");
                    fleet = await DemoFleet.StartAsync(ConnectionString, database, chain, served, options.Workers, options.Backend, stateRoot, structured, cancellationToken);
                    Note($"{profile.Name} coordinates {fleet.Count} workers");
                }
                var agent = new ProverAgent(profile.Name, chain, library, engine, new Pricer(model), new ProverAgentOptions
                {
                    StateDirectory = Path.Combine(stateRoot, profile.Name),
                    Capacity = profile.Capacity,
                    AllowRacing = profile.Race,
                    FailJob = profile.Fail ? _ => Interlocked.Exchange(ref failedOnce, 1) == 0 : null,
                    Fleet = profile.Index == 0 ? fleet?.Prover : null,
                    PollInterval = TimeSpan.FromMilliseconds(500),
                }, structured);
                _agents.Add(agent);
            }
            foreach (var agent in _agents)
            {
                agentRuns.Add(Task.Run(() => agent.RunAsync(stop.Token), CancellationToken.None));
            }

            await Say("streaming requests under every mechanism");
            var requester = Devnet.ContractsFor(DevnetSession.RequesterKey);
            var rollup = new ExampleRollupChain(requester, Address.Parse(deployment.Rollup!));
            var sequencer = Task.Run(() => RunSequencerAsync(requester, rollup, stop.Token), CancellationToken.None);
            await StreamRequestsAsync(requester, options.Requests, stop.Token);

            await Say("waiting for every request to be proved");
            var until = DateTime.UtcNow + options.Timeout;
            while (DateTime.UtcNow < until)
            {
                var open = 0;
                foreach (var id in _requests.Keys)
                {
                    var state = await requester.GetRequestAsync(id, cancellationToken);
                    if (state.Status is RequestStatus.Open or RequestStatus.Assigned)
                    {
                        open++;
                    }
                }
                if (open == 0 && sequencer.IsCompleted)
                {
                    break;
                }
                Stage = $"waiting for {open} request(s) and {options.RollupBatches - RollupBatchesProved} rollup batch(es)";
                await Task.Delay(1000, cancellationToken);
            }
            await stop.CancelAsync();
            await Task.WhenAll(agentRuns);
            await Say("indexing the last blocks");
            try
            {
                await indexerRun;
            }
            catch (OperationCanceledException)
            {
                // Stopped on purpose.
            }
            await Indexer.CatchUpAsync(cancellationToken);
            return await DemoSummary.ReadAsync(database, this, cancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var run in agentRuns.Append(indexerRun ?? Task.CompletedTask))
            {
                try
                {
                    await run.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
                }
                catch (Exception)
                {
                    // Shutting down: a failure here must not hide the demo's own outcome.
                }
            }
            foreach (var agent in _agents)
            {
                await agent.DisposeAsync();
            }
            if (fleet is not null)
            {
                await fleet.DisposeAsync();
            }
            foreach (var engine in engines)
            {
                engine.Dispose();
            }
            if (Indexer is not null)
            {
                await Indexer.DisposeAsync();
            }
            indexerRpc?.Dispose();
            if (database is not null)
            {
                await database.DisposeAsync();
            }
            if (Devnet is not null)
            {
                await Devnet.DisposeAsync();
            }
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }
        }
    }

    private void OnAgentEvent(string prover, LogEntry entry)
    {
        string? Field(string key) => entry.Fields.FirstOrDefault(f => f.Key == key).Value?.ToString();
        switch (entry.Event)
        {
            case "proving_failed":
                Note($"{prover} drops request {Field("request")} (injected fault)");
                break;
            case "keeper_slashed":
                Note($"{prover} slashes the late prover of request {Field("request")}");
                break;
            case "breaker_open":
                Note($"{prover}'s circuit breaker opens: {Field("reason")}");
                break;
            case "locked" when Field("bounty") is { } bounty && bounty != "0":
                Note($"{prover} rescues request {Field("request")} (bounty {bounty} wei)");
                break;
            case "job_fulfilled":
                Note($"{prover} is paid for request {Field("request")}");
                break;
        }
    }

    /// <summary>The rollup's sequencer: posts a batch, waits for its proof to advance the root, posts the next.</summary>
    private async Task RunSequencerAsync(MarketContracts requester, ExampleRollupChain rollup, CancellationToken cancellationToken)
    {
        var mechanisms = new[] { MarketMechanism.Dutch, MarketMechanism.SealedBid, MarketMechanism.Orderbook, MarketMechanism.Dutch };
        RollupRoot = await rollup.StateRootAsync(cancellationToken);
        for (var batch = 0; batch < options.RollupBatches && !cancellationToken.IsCancellationRequested; batch++)
        {
            var mechanism = mechanisms[batch % mechanisms.Length];
            var txs = Enumerable.Range(0, 4).Select(i => new BigInteger(1000 * (batch + 1) + i)).ToArray();
            var (newRoot, batchHash, input) = WitnessPreview.RollupBatch(Devnet!.RollupPreview.WasmPath, RollupRoot, txs);
            var now = await ChainNowAsync(cancellationToken);
            // The first batch has a short proving window: its prover is the one that fails, and the slash should come quickly.
            var terms = Terms(mechanism, Hash32.Zero, [], input, now, provingWindow: batch == 0 ? 25 : 90);
            var (id, _) = await rollup.PostBatchAsync(newRoot, batchHash, terms, $"postBatch {batch + 1}", cancellationToken);
            _requests[id] = $"rollup batch {batch + 1} ({Label(mechanism)})";
            Note($"rollup posts batch {batch + 1} as request {id} ({Label(mechanism)})");
            while (!cancellationToken.IsCancellationRequested)
            {
                var root = await rollup.StateRootAsync(cancellationToken);
                if (root == newRoot)
                {
                    RollupRoot = root;
                    RollupBatchesProved++;
                    Note($"rollup state root advanced (batch {batch + 1})");
                    break;
                }
                var state = await requester.GetRequestAsync(id, cancellationToken);
                if (state.Status is RequestStatus.Expired or RequestStatus.Cancelled)
                {
                    Note($"rollup batch {batch + 1} expired unproved");
                    return;
                }
                await Task.Delay(500, cancellationToken);
            }
            if (batch == 0)
            {
                // Let the stream begin only once the first batch has been taken (by the cheapest prover).
                _firstBatchTaken.TrySetResult();
            }
        }
    }

    private readonly TaskCompletionSource _firstBatchTaken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task StreamRequestsAsync(MarketContracts requester, int count, CancellationToken cancellationToken)
    {
        // Give the first rollup batch a head start so that the cheapest prover takes it.
        var firstAssigned = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (DateTime.UtcNow < firstAssigned && !_firstBatchTaken.Task.IsCompleted)
        {
            var first = _requests.Keys.Order().FirstOrDefault();
            if (!first.IsZero && (await requester.GetRequestAsync(first, cancellationToken)).Status != RequestStatus.Open)
            {
                break;
            }
            await Task.Delay(500, cancellationToken);
        }

        var mechanisms = new[] { MarketMechanism.SealedBid, MarketMechanism.Dutch, MarketMechanism.Orderbook, MarketMechanism.Race };
        var circuits = Devnet!.Deployment.Circuits;
        for (var i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
        {
            var mechanism = mechanisms[i % mechanisms.Length];
            var circuit = circuits[(i / mechanisms.Length) % circuits.Count];
            string input;
            BigInteger[] publics;
            if (circuit.Name == "rollup")
            {
                var (root, hash, json) = WitnessPreview.RollupBatch(Devnet.RollupPreview.WasmPath, 77 + i, [i, i + 1, i + 2, i + 3]);
                input = json;
                publics = [77 + i, root, hash];
            }
            else
            {
                input = $"{{\"seed\": \"{1000 + i}\", \"nonce\": \"{i + 1}\"}}";
                publics = WitnessPreview.PublicSignals(circuit.Wasm, input, circuit.PublicInputs);
            }
            var now = await ChainNowAsync(cancellationToken);
            var terms = Terms(mechanism, Hash32.Parse(circuit.CircuitId), publics, input, now, provingWindow: 120);
            if (mechanism == MarketMechanism.Orderbook)
            {
                terms = terms with { OrderbookHint = await requester.RequestHintAsync(terms.CircuitId, terms.MaxPrice, cancellationToken) };
            }
            var (id, _) = await requester.SubmitAsync(terms, cancellationToken);
            _requests[id] = $"{circuit.Name} ({Label(mechanism)})";
            await Task.Delay(options.RequestInterval, cancellationToken);
        }
    }

    private async Task<long> ChainNowAsync(CancellationToken cancellationToken)
    {
        return Math.Max(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), await Devnet!.Web3.TimestampAsync(cancellationToken));
    }

    private static RequestTerms Terms(MarketMechanism mechanism, Hash32 circuitId, BigInteger[] publics, string input, long now, long provingWindow) => new()
    {
        CircuitId = circuitId,
        PublicInputs = publics,
        WitnessInline = System.Text.Encoding.UTF8.GetBytes(input),
        MaxPrice = Ether / 100,
        MinPrice = Ether / 2000,
        RequiredCollateral = Ether,
        CommitDeadline = now + 15,
        RevealDeadline = now + 27,
        RampDuration = 30,
        ProvingWindow = provingWindow,
        Deadline = now + 420,
        Mechanism = mechanism,
        FallbackToAuction = true,
    };

    public static string Label(MarketMechanism mechanism) => mechanism switch
    {
        MarketMechanism.SealedBid => "sealed-bid",
        MarketMechanism.Dutch => "dutch",
        MarketMechanism.Orderbook => "orderbook",
        _ => "race",
    };

    private sealed record ProverProfile(string Name, int Index, BigInteger WeiPerSecond, int MarginBps, int Capacity, bool Race, bool Fail, int Commission);

    /// <summary>Formats wei for the live view.</summary>
    public static string Eth(BigInteger wei) => TokenAmount.FormatEther(wei);
}
