using System.CommandLine;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Fleet.Worker;
using OnchainMarket.Prover.Backends;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>`omkt prover worker`: one proving worker of a fleet, until Ctrl-C.</summary>
internal static class ProverWorkerCommand
{
    public static Command Create()
    {
        var queueDb = QueueDatabase.Option(required: true);
        var circuits = new Option<string>("--circuits") { Description = "Folder with the circuits' .wasm and .zkey files (fetched there from the registry's URI when missing)", Required = true };
        var backend = new Option<string>("--backend") { Description = "auto (a CUDA GPU when present), cpu or gpu", DefaultValueFactory = _ => "auto" };
        backend.AcceptOnlyFromAmong([.. ProverBackends.Kinds]);
        var name = new Option<string?>("--name") { Description = "This worker's name in the fleet (default <host>-<pid>); a restarted worker keeps its name" };
        var mirror = new Option<string?>("--mirror") { Description = "A local folder of circuit files you trust" };
        var allowHttp = new Option<bool>("--allow-http") { Description = "Also fetch plain http:// circuit URIs (default: https only)" };
        var allowPrivate = new Option<bool>("--allow-private-hosts") { Description = "Let registry URIs reach loopback, private and link-local addresses (default: refused)" };
        var hold = new Option<string?>("--hold-after-lease") { Description = "Testing: wait this long (e.g. 5s) holding each new lease before proving, as a slow machine would", Hidden = true };
        // Fault injector for the tests (hidden): the worker writes corrupted proofs, which the coordinator must refuse.
        var corrupt = new Option<bool>("--corrupt-proofs") { Description = "Testing: write every proof corrupted, as a broken worker would", Hidden = true };
        var format = new Option<string>("--log-format") { Description = "Log lines as json or kv (key=value)", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "kv");

        var command = new Command("worker", "Prove jobs from a fleet's queue (see prover run --queue-db) until stopped (Ctrl-C)")
        {
            queueDb, circuits, backend, name, mirror, allowHttp, allowPrivate, hold, corrupt, format,
        };
        command.SetAction((parse, cancellationToken) => ChainErrors.RunAsync(async () =>
        {
            var circuitsDir = parse.GetValue(circuits)!;
            if (File.Exists(circuitsDir))
            {
                throw new CliUsageException($"--circuits {circuitsDir}: is a file, not a folder");
            }
            Directory.CreateDirectory(circuitsDir);
            var mirrorDir = parse.GetValue(mirror);
            if (mirrorDir is not null && !Directory.Exists(mirrorDir))
            {
                throw new CliUsageException($"--mirror {mirrorDir}: no such folder");
            }
            var workerName = parse.GetValue(name) ?? $"{Environment.MachineName}-{Environment.ProcessId}";
            if (string.IsNullOrWhiteSpace(workerName) || workerName.Length > 64 || workerName.Any(char.IsControl))
            {
                throw new CliUsageException($"--name '{workerName}': give 1 to 64 printable characters");
            }
            var holdText = parse.GetValue(hold);
            var holdFor = holdText is null ? TimeSpan.Zero : ChainContext.ParseDuration(holdText, "--hold-after-lease");

            using var termination = new Termination(cancellationToken);
            cancellationToken = termination.Token;
            var log = new StructuredLog(Console.Out, "worker", json: parse.GetValue(format) == "json");
            await using var database = await QueueDatabase.OpenAsync(parse.GetValue(queueDb)!, cancellationToken);
            using var library = new CircuitLibrary(circuitsDir, new FetchPolicy
            {
                MirrorFolder = mirrorDir,
                AllowHttp = parse.GetValue(allowHttp),
                AllowPrivateHosts = parse.GetValue(allowPrivate),
            });
            using var engine = new ProofEngine(parse.GetValue(backend)!);
            var worker = new FleetWorker(database, workerName, engine, library, log) { HoldAfterLease = holdFor, CorruptProofs = parse.GetValue(corrupt) };
            await worker.RunAsync(cancellationToken);
            return 0;
        }));
        return command;
    }
}
