using System.CommandLine;
using System.Globalization;
using OnchainMarket.Agent.Units;
using OnchainMarket.Fleet.Queue;
using Spectre.Console;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>`omkt prover status --queue-db`: the fleet as its operator sees it.</summary>
internal static class ProverStatusCommand
{
    /// <summary>A worker not seen for this long is shown as gone (workers check in every second).</summary>
    private static readonly TimeSpan LiveWithin = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var queueDb = QueueDatabase.Option(required: true);
        var command = new Command("status", "Show a prover fleet: workers and their speeds, leases, jobs by phase, proofs per hour, gas per proof, earnings per token") { queueDb };
        command.SetAction((parse, cancellationToken) => ChainErrors.RunAsync(async () =>
        {
            await using var database = await QueueDatabase.OpenAsync(parse.GetValue(queueDb)!, cancellationToken);
            var report = await FleetReport.ReadAsync(database, cancellationToken);
            var circuits = (await new WorkerRegistry(database).CircuitsAsync(cancellationToken)).ToDictionary(c => c.CircuitId, c => c.Name, StringComparer.Ordinal);
            Render(report, circuits, DateTimeOffset.UtcNow);
            return 0;
        }));
        return command;
    }

    private static void Render(FleetReport report, IReadOnlyDictionary<string, string> circuits, DateTimeOffset now)
    {
        var workers = new Table().Title("workers").AddColumns("name", "backend", "seconds per proof", "last seen", "bad proofs", "state");
        foreach (var worker in report.Workers)
        {
            var speeds = string.Join(", ", worker.SecondsPerCircuit.OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => $"{circuits.GetValueOrDefault(s.Key, s.Key[..10])} {s.Value.ToString("0.###", CultureInfo.InvariantCulture)}"));
            var ago = now - worker.LastSeen;
            workers.AddRow(Markup.Escape(worker.Name), worker.Backend, Markup.Escape(speeds.Length == 0 ? "(measuring)" : speeds),
                $"{ago.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s ago", worker.BadProofs.ToString(CultureInfo.InvariantCulture),
                worker.Barred ? "[red]barred[/]" : ago <= LiveWithin ? "live" : "[grey]gone[/]");
        }
        var leases = new Table().Title("leases").AddColumns("request", "round", "worker", "attempt", "progress", "held", "lease");
        foreach (var lease in report.Leases)
        {
            leases.AddRow(lease.RequestId, lease.Round.ToString(CultureInfo.InvariantCulture), Markup.Escape(lease.Worker), lease.Attempt.ToString(CultureInfo.InvariantCulture),
                lease.Progress switch { 1 => "files ready", 2 => "proving", _ => "starting" },
                $"{lease.HeldSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s", lease.Expired ? "[red]expired[/]" : "held");
        }
        AnsiConsole.Write(workers);
        AnsiConsole.Write(leases);
        var phases = string.Join("  ", new[] { "queued", "leased", "proved", "failed" }.Select(p => $"{p} {report.JobsByPhase.GetValueOrDefault(p)}"));
        AnsiConsole.WriteLine($"jobs: {phases}");
        AnsiConsole.WriteLine($"proofs in the last hour: {report.ProofsLastHour}");
        AnsiConsole.WriteLine(report.GasPerProof is { } gas
            ? $"gas per proof: {gas.ToString("0", CultureInfo.InvariantCulture)} (paying transactions' gas over the jobs they paid)"
            : "gas per proof: none recorded yet");
        // The price is paid in ETH, a rescue bounty in the stake token: two figures, never one sum.
        AnsiConsole.WriteLine($"earned: {TokenAmount.FormatEther(report.EarnedWei)} and {TokenAmount.FormatEther(report.EarnedStake, "stake token")} over {report.Paid} paid jobs");
    }
}
