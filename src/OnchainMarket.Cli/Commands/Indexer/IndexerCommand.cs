using System.CommandLine;

namespace OnchainMarket.Cli.Commands.Indexer;

/// <summary>`omkt indexer`: the Postgres mirror of the market's events.</summary>
internal static class IndexerCommand
{
    public static Command Create() => new("indexer", "Mirror every market event into Postgres (reorg-safe) for analysts")
    {
        IndexerMigrateCommand.Create(),
        IndexerRunCommand.Create(),
        IndexerLoadCommand.Create(),
    };
}
