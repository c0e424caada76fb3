using System.CommandLine;

namespace OnchainMarket.Cli;

/// <summary>The top-level commands of omkt. Add a line here when a command group is added.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return Commands.VersionCommand.Create();
        yield return Commands.Prover.ProveCommand.Create();
        yield return Commands.Prover.WitnessCommand.Create();
        yield return Commands.Circuit.CircuitCommand.Create();
        yield return Commands.ProverClient.ProverClientCommand.Create();
        yield return Commands.Account.AccountCommand.Create();
        yield return Commands.Stake.StakeCommand.Create();
        yield return Commands.Request.RequestCommand.Create();
        yield return Commands.Devnet.DevnetCommand.Create();
        yield return Commands.Demo.DemoCommand.Create();
        yield return Commands.Indexer.IndexerCommand.Create();
        yield return Commands.Stats.StatsCommand.Create();
        yield return Commands.Dashboard.DashboardCommand.Create();
        yield return Commands.Bench.BenchCommand.Create();
    }
}
