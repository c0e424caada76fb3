using System.CommandLine;
using System.Diagnostics;
using OnchainMarket.Cli.Commands.ProverClient;
using OnchainMarket.Prover.Backends;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OnchainMarket.Cli.Commands.Demo;

/// <summary>`omkt demo`: the whole system on one machine, ending with a summary from the Postgres views.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var requests = new Option<int>("--requests") { Description = "Requests the requester streams (besides the rollup's batches)", DefaultValueFactory = _ => 12 };
        var batches = new Option<int>("--rollup-batches") { Description = "Batches the example rollup posts in sequence", DefaultValueFactory = _ => 3 };
        var interval = new Option<string>("--interval") { Description = "Time between streamed requests", DefaultValueFactory = _ => "3s" };
        var timeout = new Option<string>("--timeout") { Description = "Give up waiting for proofs after this long", DefaultValueFactory = _ => "7m" };
        var backend = new Option<string>("--backend") { Description = "auto (a CUDA GPU when present), cpu or gpu", DefaultValueFactory = _ => "auto" };
        backend.AcceptOnlyFromAmong([.. ProverBackends.Kinds]);
        var db = new Option<string?>("--db") { Description = "Use this Postgres database (kept afterwards) instead of a throwaway cluster" };
        var logFile = new Option<string?>("--log") { Description = "Write the provers' structured logs (JSON lines) to this file" };
        var noLive = new Option<bool>("--no-live") { Description = "Plain progress lines even on a terminal" };
        var workers = new Option<int>("--workers") { Description = "Prove prover alpha's jobs in this many `omkt prover worker` processes (a fleet over the demo's Postgres); 0: in-process", DefaultValueFactory = _ => 0 };
        var collateral = CollateralOption.Create("Where provers' collateral lives: vault (default, the RestakingVault) or symbiotic (a Symbiotic vault)");

        var command = new Command("demo", "Run the whole market locally: devnet, indexer, three provers, a rollup and a requester; print the summary")
        {
            requests, batches, interval, timeout, backend, db, logFile, noLive, workers, collateral,
        };
        command.SetAction((parse, cancellationToken) => ChainErrors.RunAsync(async () =>
        {
            var count = parse.GetValue(requests);
            var batchCount = parse.GetValue(batches);
            if (count < 0 || batchCount < 1)
            {
                throw new CliUsageException("--requests must be 0 or more and --rollup-batches at least 1");
            }
            var workerCount = parse.GetValue(workers);
            if (workerCount is < 0 or > 16)
            {
                throw new CliUsageException($"--workers {workerCount}: give 0 (prove in-process) to 16");
            }
            var options = new DemoOptions
            {
                Requests = count,
                RollupBatches = batchCount,
                RequestInterval = ChainContext.ParseDuration(parse.GetValue(interval)!, "--interval"),
                Timeout = ChainContext.ParseDuration(parse.GetValue(timeout)!, "--timeout"),
                Backend = parse.GetValue(backend)!,
                ConnectionString = parse.GetValue(db),
                Workers = workerCount,
                Collateral = CollateralOption.Parse(parse.GetValue(collateral)) ?? Agent.Chain.CollateralKind.Vault,
            };
            using var log = parse.GetValue(logFile) is { } path ? new StreamWriter(path) : null;
            using var termination = new Termination(cancellationToken);
            cancellationToken = termination.Token;
            var run = new DemoRun(options, log);
            var clock = Stopwatch.StartNew();
            DemoOutcome outcome;
            if (!Console.IsOutputRedirected && !parse.GetValue(noLive))
            {
                var task = run.RunAsync(null, cancellationToken);
                await AnsiConsole.Live(new Text("starting")).StartAsync(async display =>
                {
                    while (!task.IsCompleted)
                    {
                        display.UpdateTarget(LiveView(run, clock.Elapsed));
                        await Task.WhenAny(task, Task.Delay(500, CancellationToken.None));
                    }
                });
                outcome = await task;
            }
            else
            {
                var lastLine = DateTime.MinValue;
                var task = run.RunAsync(stage =>
                {
                    Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {stage}");
                    return Task.CompletedTask;
                }, cancellationToken);
                while (!task.IsCompleted)
                {
                    await Task.WhenAny(task, Task.Delay(1000, CancellationToken.None));
                    if (DateTime.UtcNow - lastLine > TimeSpan.FromSeconds(15) && run.Agents.Count > 0)
                    {
                        lastLine = DateTime.UtcNow;
                        Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {run.Stage}; " + string.Join("; ", run.Agents.Select(a =>
                        {
                            var s = a.Snapshot();
                            return $"{s.Name}: {s.Jobs.Count(j => j.Phase == Agent.State.JobPhase.Fulfilled)} proved, earned {DemoRun.Eth(s.Earned)}{(s.Breaker.Open ? ", breaker OPEN" : string.Empty)}";
                        })));
                    }
                }
                outcome = await task;
            }
            Print(outcome, clock.Elapsed);
            return outcome.Succeeded ? 0 : 1;
        }));
        return command;
    }

    private static IRenderable LiveView(DemoRun run, TimeSpan elapsed)
    {
        var header = new Markup($"[bold]OnchainMarket demo[/]  {elapsed:mm\\:ss}  [grey]{Markup.Escape(run.Stage)}[/]");
        var items = new List<IRenderable> { header };
        if (run.Agents.Count > 0)
        {
            items.Add(AgentStatusView.Render([.. run.Agents.Select(a => a.Snapshot())], maxJobs: 4));
        }
        var progress = run.Indexer?.Snapshot;
        items.Add(new Markup(
            $"requests submitted: {run.Requests.Count}   rollup batches proved: {run.RollupBatchesProved}   " +
            $"indexer at block {progress?.Checkpoint ?? 0} ({progress?.EventsIndexed ?? 0} events)"));
        foreach (var line in run.RecentEvents)
        {
            items.Add(new Markup($"[grey]{Markup.Escape(line)}[/]"));
        }
        return new Rows(items);
    }

    private static void Print(DemoOutcome outcome, TimeSpan elapsed)
    {
        if (Console.IsOutputRedirected)
        {
            // Spectre assumes 80 columns without a terminal; the tables need more.
            AnsiConsole.Profile.Width = 160;
        }
        foreach (var (title, columns, rows) in outcome.Tables)
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(title)}[/]");
            foreach (var column in columns)
            {
                table.AddColumn(Markup.Escape(column));
            }
            foreach (var row in rows)
            {
                table.AddRow([.. row.Select(Markup.Escape)]);
            }
            AnsiConsole.Write(table);
        }
        var verdict = outcome.Succeeded ? "[green]OK[/]" : "[red]INCOMPLETE[/]";
        AnsiConsole.MarkupLine(
            $"{verdict}: {outcome.Fulfilled}/{outcome.Requests} requests fulfilled, {outcome.Slashes} slash(es), {outcome.Rescued} rescued, " +
            $"rollup advanced {outcome.RollupBatchesProved}/{outcome.RollupBatches} batches, in {elapsed:mm\\:ss}; every process the demo started is stopped");
    }
}
