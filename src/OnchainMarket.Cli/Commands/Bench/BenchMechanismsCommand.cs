using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using OnchainMarket.Devnet;
using OnchainMarket.Simulation.Config;
using OnchainMarket.Simulation.Economics;
using OnchainMarket.Simulation.Measured;
using OnchainMarket.Simulation.Mechanisms;
using OnchainMarket.Simulation.Reporting;

namespace OnchainMarket.Cli.Commands.Bench;

/// <summary>
/// `omkt bench mechanisms`: the economic model of racing, sealed-bid, Dutch and orderbook over a
/// sweep of K, then the measured devnet run (real contracts, real proofs), then
/// reports/mechanisms.md with its SVG charts.
/// </summary>
internal static class BenchMechanismsCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--out") { Description = "Folder for mechanisms.md and its charts (default: <repo>/reports)" };
        var config = new Option<string?>("--config") { Description = "Economic model parameters (default: the shipped Config/simulation.json)" };
        var requests = new Option<int>("--requests") { Description = "Measured requests per mechanism and K (at least 1; the report's default is 50)", DefaultValueFactory = _ => 50 };
        var ks = new Option<string>("--k") { Description = "Comma-separated K values of the measured run", DefaultValueFactory = _ => "3,10" };
        var skipMeasured = new Option<bool>("--skip-measured") { Description = "Run only the economic model (no devnet, no proofs)" };
        var command = new Command("mechanisms", "Compare proof racing with the sealed-bid auction, the Dutch auction and the orderbook; write reports/mechanisms.md")
        {
            output, config, requests, ks, skipMeasured,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var started = Stopwatch.StartNew();
            var configPath = parse.GetValue(config) ?? SimulationConfig.DefaultPath;
            SimulationConfig simulation;
            try
            {
                simulation = SimulationConfig.Load(configPath);
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
            {
                throw new CliUsageException(e.Message);
            }
            if (!simulation.KSweep.Concat(simulation.HeadlineK).Contains(MechanismReport.HeadlineK))
            {
                throw new CliUsageException($"{configPath}: kSweep or headlineK must include K={MechanismReport.HeadlineK}, the report's headline");
            }
            var measuredKs = ParseKs(parse.GetValue(ks)!);
            var count = parse.GetValue(requests);
            if (count < 1)
            {
                throw new CliUsageException($"--requests must be at least 1, got {count}");
            }
            var outDir = parse.GetValue(output) ?? Path.Combine(RepoPaths.Root, "reports");

            void Progress(string message) => Console.Error.WriteLine($"[{started.Elapsed.TotalSeconds,6:0.0}s] {message}");

            var sweep = SimulationSweep.Run(simulation, Progress, cancellationToken);
            foreach (var headline in MechanismReport.Headlines(sweep))
            {
                Progress(headline);
            }
            MeasuredResults? measured = null;
            if (!parse.GetValue(skipMeasured))
            {
                var settings = new MeasuredSettings
                {
                    Ks = measuredKs,
                    Requests = count,
                    Profiles = MeasuredSettings.FromSimulation(simulation),
                    Seed = simulation.Seed,
                };
                measured = await MechanismBench.RunAsync(settings, Progress, cancellationToken);
            }
            var path = MechanismReport.Write(outDir, sweep, measured, DateTimeOffset.UtcNow, started.Elapsed);
            foreach (var line in MechanismReport.Headlines(sweep))
            {
                Console.WriteLine(line);
            }
            if (measured is not null)
            {
                foreach (var run in measured.Runs)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"K={run.K,-2} {MechanismNames.Of(run.Mechanism),-10} fulfilled {run.Fulfilled}/{run.Requests.Count}  proofs {run.ProofsComputed}  CPU-s {run.CpuSeconds:0.0}  latency p50 {run.MedianLatencySeconds:0} s  gas/req {run.GasPerFulfilled:#,0}  rules {run.RuleAgreements}/{run.RuleChecks}"));
                }
            }
            Console.WriteLine($"wrote {path}");
            return measured is not null && measured.Runs.Any(r => r.Failures > 0 || r.RuleAgreements != r.RuleChecks) ? CliRunner.Failure : CliRunner.Success;
        });
        return command;
    }

    private static int[] ParseKs(string text)
    {
        var values = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k < 1 || k > 50)
            {
                throw new CliUsageException($"--k: '{part}' is not a whole number of provers between 1 and 50");
            }
            values.Add(k);
        }
        if (values.Count == 0)
        {
            throw new CliUsageException("--k: give at least one K, e.g. --k 3,10");
        }
        return [.. values.Distinct()];
    }
}
