using System.CommandLine;
using System.Numerics;
using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Agent.Settlement;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Agent.Units;
using OnchainMarket.Ethereum;
using OnchainMarket.Fleet.Coordinator;
using OnchainMarket.Fleet.Queue;
using OnchainMarket.Prover.Backends;
using Spectre.Console;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>`omkt prover run`: the prover client, until Ctrl-C.</summary>
internal static class ProverRunCommand
{
    public static Command Create()
    {
        var addresses = CommonOptions.Addresses();
        var rpc = CommonOptions.Rpc();
        var signer = new SignerOptions(required: true);
        var circuits = new Option<string>("--circuits") { Description = "Folder with the circuits' .wasm and .zkey files (fetched there from the registry's URI when missing)", Required = true };
        var state = new Option<string?>("--state") { Description = "Folder for the job store (salts, proofs, breaker); default .omkt-prover/<address>" };
        var capacity = new Option<int>("--capacity") { Description = "Most jobs held at once, pending bids included (with --queue-db: a ceiling on one per live worker)", DefaultValueFactory = _ => 2 };
        var workers = new Option<int>("--workers") { Description = "Proofs computed in parallel", DefaultValueFactory = _ => 1 };
        var cost = new Option<string>("--cost-per-second") { Description = "What one second of proving costs you (e.g. 20gwei, 0.00001ether)", DefaultValueFactory = _ => "50000gwei" };
        var margin = new Option<int>("--margin-bps") { Description = "Profit on top of cost, in basis points", DefaultValueFactory = _ => 1000 };
        var backend = new Option<string>("--backend") { Description = "auto (a CUDA GPU when present), cpu or gpu", DefaultValueFactory = _ => "auto" };
        backend.AcceptOnlyFromAmong([.. ProverBackends.Kinds]);
        var race = new Option<bool>("--race") { Description = "Also join proof races (open fulfilment)" };
        var noAsks = new Option<bool>("--no-asks") { Description = "Do not keep standing asks in the orderbook" };
        var noKeeper = new Option<bool>("--no-keeper") { Description = "Do not slash late provers or finalize auctions" };
        var mirror = new Option<string?>("--mirror") { Description = "A local folder of circuit files and inputs you trust; the only place a chain-supplied local path is read from" };
        var allowHttp = new Option<bool>("--allow-http") { Description = "Also fetch plain http:// circuit and input URIs (default: https only)" };
        var allowPrivate = new Option<bool>("--allow-private-hosts") { Description = "Let chain-supplied URIs reach loopback, private and link-local addresses (default: refused)" };
        var batchWait = new Option<string?>("--batch-wait") { Description = "Hold ready proofs of one circuit up to this long (e.g. 20s) to settle them in one fulfillBatch; default: each alone" };
        var batchMax = new Option<int>("--batch-max") { Description = "Most proofs in one fulfillBatch (with --batch-wait)", DefaultValueFactory = _ => 32 };
        var queueDb = QueueDatabase.Option(required: false);
        queueDb.Description = "Coordinate a fleet: queue proofs in this Postgres database for `omkt prover worker` processes instead of proving here";
        var format = new Option<string>("--log-format") { Description = "Log lines as json or kv (key=value)", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "kv");
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve /metrics (Prometheus text) and /health on 127.0.0.1 at this port" };

        var command = new Command("run", "Watch the market, bid, prove and deliver until stopped (Ctrl-C)")
        {
            addresses, rpc, signer, circuits, state, capacity, workers, cost, margin, backend, race, noAsks, noKeeper, mirror, allowHttp, allowPrivate, batchWait, batchMax, queueDb, format, metricsPort,
        };
        command.SetAction((parse, cancellationToken) => ChainErrors.RunAsync(async () =>
        {
            var circuitsDir = parse.GetValue(circuits)!;
            if (File.Exists(circuitsDir))
            {
                throw new CliUsageException($"--circuits {circuitsDir}: is a file, not a folder");
            }
            // A new operator's first run: the folder is where fetched circuit files are kept.
            Directory.CreateDirectory(circuitsDir);
            var costPerSecond = ChainContext.ParseAmount(parse.GetValue(cost)!, "--cost-per-second");
            var marginBps = parse.GetValue(margin);
            if (marginBps is < 0 or > 100_000)
            {
                throw new CliUsageException($"--margin-bps {marginBps} is outside 0..100000");
            }
            var slots = parse.GetValue(capacity);
            var parallel = parse.GetValue(workers);
            if (slots < 1 || parallel < 1)
            {
                throw new CliUsageException("--capacity and --workers must be at least 1");
            }
            if (parse.GetValue(metricsPort) is { } requestedPort and (< 0 or > 65535))
            {
                // Checked before the key, the chain and the calibration proof, not after them.
                throw new CliUsageException($"--metrics-port {requestedPort} is not a TCP port (0-65535)");
            }

            var batch = BatchOptionsFrom(parse.GetValue(batchWait), parse.GetValue(batchMax));

            using var termination = new Termination(cancellationToken);
            cancellationToken = termination.Token;
            var live = !Console.IsOutputRedirected;
            var key = signer.Read(parse)!;
            var stateDir = parse.GetValue(state) ?? Path.Combine(".omkt-prover", key.Address().ToString());
            // Salts, prices and the log of what was bid: readable by this user only.
            OnchainMarket.Agent.State.PrivateFiles.CreateFolder(stateDir);
            // With the live view on the terminal, the structured log goes to a file beside the job store.
            using var logFile = live ? OnchainMarket.Agent.State.PrivateFiles.AppendLog(Path.Combine(stateDir, "agent.log")) : null;
            var log = new StructuredLog(live ? logFile : Console.Out, "prover", json: parse.GetValue(format) == "json");

            var context = await ChainContext.OpenAsync(parse.GetValue(addresses), parse.GetValue(rpc), key, log, cancellationToken);
            var chain = context.Contracts;
            if (!await chain.IsOperatorAsync(chain.Account, cancellationToken))
            {
                throw new CliUsageException($"{chain.Account} is not a registered operator: run omkt prover register first");
            }

            var mirrorDir = parse.GetValue(mirror);
            if (mirrorDir is not null && !Directory.Exists(mirrorDir))
            {
                throw new CliUsageException($"--mirror {mirrorDir}: no such folder");
            }
            using var library = new CircuitLibrary(circuitsDir, new FetchPolicy
            {
                MirrorFolder = mirrorDir,
                AllowHttp = parse.GetValue(allowHttp),
                AllowPrivateHosts = parse.GetValue(allowPrivate),
            });
            var served = new List<CircuitFiles>();
            foreach (var circuit in context.Deployment.Circuits)
            {
                try
                {
                    served.Add(await library.ResolveAsync(chain, Hash32.Parse(circuit.CircuitId), cancellationToken));
                }
                catch (CircuitFileException e)
                {
                    log.Warn("circuit_unusable", ("circuit", circuit.Name), ("reason", e.Message));
                }
            }
            if (served.Count == 0)
            {
                throw new CliUsageException($"no registered circuit has its files in {circuitsDir} (or at its registry URI)");
            }

            using var engine = new ProofEngine(parse.GetValue(backend)!);
            var model = CostCalibration.Calibrate(engine, served, costPerSecond, marginBps, cancellationToken);
            log.Info("calibrated", ("backend", engine.BackendName), ("nsPerConstraint", model.NanosecondsPerConstraint), ("weiPerSecond", costPerSecond), ("marginBps", marginBps));
            // With --queue-db the workers prove: what this process takes on, and declares on chain, follows their number and measured speed.
            var queueConnection = parse.GetValue(queueDb);
            if (queueConnection is null)
            {
                await chain.SetCapacityAsync(slots, cancellationToken);
            }
            else if (parse.GetResult(capacity) is not { Implicit: false })
            {
                // No --capacity given: the fleet alone sets it (the agent declares one job per live worker).
                slots = int.MaxValue;
            }
            await using var queueDatabase = queueConnection is null ? null : await QueueDatabase.OpenAsync(queueConnection, cancellationToken);
            await using var fleet = queueDatabase is null ? null : new FleetProver(queueDatabase, new RegistryProofCheck(chain.Registry), log.For("fleet"))
            {
                TransactionGas = ReceiptGas.Reader(chain.Web3),
            };
            if (fleet is not null)
            {
                var published = new List<FleetCircuit>();
                foreach (var files in served)
                {
                    var metadata = await chain.CircuitMetadataAsync(files.CircuitId, cancellationToken);
                    published.Add(new FleetCircuit(files.CircuitId.ToString(), metadata.Name, metadata.Constraints, metadata.WasmHash.ToString(), metadata.ZkeyHash.ToString(), metadata.Uri));
                }
                await fleet.StartAsync(published, cancellationToken);
                log.Info("fleet_started", ("circuits", published.Count), ("liveWorkers", fleet.LiveWorkers));
            }

            await using var agent = new ProverAgent("prover", chain, library, engine, new Pricer(model), new ProverAgentOptions
            {
                StateDirectory = stateDir,
                Capacity = slots,
                Workers = parallel,
                AllowRacing = parse.GetValue(race),
                PlaceAsks = !parse.GetValue(noAsks),
                Keeper = !parse.GetValue(noKeeper),
                Batch = batch,
                Fleet = fleet,
            }, log);
            await using var metrics = parse.GetValue(metricsPort) is { } port
                ? await ProverMetricsEndpoint.StartAsync(agent, port, cancellationToken)
                : null;

            if (!live)
            {
                await agent.RunAsync(cancellationToken);
                return 0;
            }
            var run = agent.RunAsync(cancellationToken);
            await AnsiConsole.Live(AgentStatusView.Render([agent.Snapshot()])).StartAsync(async display =>
            {
                while (!run.IsCompleted)
                {
                    display.UpdateTarget(AgentStatusView.Render([agent.Snapshot()], maxJobs: 15));
                    await Task.WhenAny(run, Task.Delay(500, CancellationToken.None));
                }
            });
            await run;
            var snapshot = agent.Snapshot();
            Console.WriteLine($"stopped; earned {TokenAmount.FormatEther(snapshot.Earned)}; jobs saved in {stateDir}");
            return 0;
        }));
        return command;
    }

    /// <summary>Batch settlement from --batch-wait/--batch-max; null (each proof alone) without --batch-wait.</summary>
    private static BatchOptions? BatchOptionsFrom(string? wait, int max)
    {
        if (wait is null)
        {
            return null;
        }
        TimeSpan maxWait;
        try
        {
            maxWait = DurationText.Parse(wait);
        }
        catch (FormatException e)
        {
            throw new CliUsageException($"--batch-wait: {e.Message}");
        }
        if (max is < 2 or > 256)
        {
            throw new CliUsageException($"--batch-max {max} is outside 2..256");
        }
        return new BatchOptions { MaxWait = maxWait, MaxSize = max };
    }
}
