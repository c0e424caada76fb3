using System.Globalization;
using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.State;
using OnchainMarket.Agent.Units;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>The live status of one or more provers: jobs, queue, earnings, stake, breaker.</summary>
internal static class AgentStatusView
{
    public static IRenderable Render(IReadOnlyList<AgentSnapshot> agents, int maxJobs = 8)
    {
        var summary = new Table().Border(TableBorder.Rounded).Title("[bold]provers[/]");
        foreach (var column in new[] { "prover", "backend", "s/Mconstraint", "queue", "open reqs", "earned", "gas spent", "stake (free)", "breaker" })
        {
            summary.AddColumn(column);
        }
        var jobs = new Table().Border(TableBorder.Simple).Title("[bold]recent jobs[/]");
        foreach (var column in new[] { "prover", "request", "round", "mechanism", "phase", "price", "note" })
        {
            jobs.AddColumn(column);
        }
        foreach (var a in agents)
        {
            summary.AddRow(
                Markup.Escape(a.Name),
                Markup.Escape(a.Backend),
                a.SecondsPerMillionConstraints.ToString("0.0", CultureInfo.InvariantCulture),
                $"{a.Queued}/{a.Capacity}",
                a.OpenRequests.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(TokenAmount.FormatEther(a.Earned)),
                Markup.Escape(TokenAmount.FormatEther(a.GasSpent)),
                Markup.Escape($"{TokenAmount.FormatEther(a.TotalStake, "rsETH")} ({TokenAmount.FormatEther(a.FreeStake, "rsETH")})"),
                a.Breaker.Open ? $"[red]OPEN[/] {Markup.Escape(a.Breaker.Reason ?? string.Empty)}" : "[green]closed[/]");
            foreach (var job in a.Jobs.Take(maxJobs))
            {
                jobs.AddRow(
                    Markup.Escape(a.Name),
                    job.RequestId.ToString(CultureInfo.InvariantCulture),
                    job.Round.ToString(CultureInfo.InvariantCulture),
                    job.Mechanism.ToString(),
                    Color(job.Phase),
                    Markup.Escape(TokenAmount.FormatEther(job.Price)),
                    Markup.Escape(job.Note ?? string.Empty));
            }
        }
        return new Rows(summary, jobs);
    }

    private static string Color(JobPhase phase) => phase switch
    {
        JobPhase.Fulfilled => "[green]Fulfilled[/]",
        JobPhase.Slashed or JobPhase.Failed => $"[red]{phase}[/]",
        JobPhase.Lost => "[grey]Lost[/]",
        _ => $"[yellow]{phase}[/]",
    };
}
