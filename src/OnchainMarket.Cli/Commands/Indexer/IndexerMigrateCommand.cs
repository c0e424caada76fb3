using System.CommandLine;
using Npgsql;
using OnchainMarket.Indexer.Schema;

namespace OnchainMarket.Cli.Commands.Indexer;

/// <summary>`omkt indexer migrate --db CONN`: creates or upgrades the schema.</summary>
internal static class IndexerMigrateCommand
{
    public static Command Create()
    {
        var (db, dbFile) = IndexerOptionsParsing.DbOptions("Postgres connection string");
        var command = new Command("migrate", "Apply the indexer's SQL migrations (event tables, derived state, analyst views)") { db, dbFile };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var database = IndexerOptionsParsing.Database(parse.GetValue(db), parse.GetValue(dbFile));
            IReadOnlyList<string> applied;
            try
            {
                applied = await Migrator.MigrateAsync(database, cancellationToken);
            }
            catch (NpgsqlException e)
            {
                Console.Error.WriteLine($"omkt: cannot migrate the database: {e.Message}");
                return CliRunner.Failure;
            }
            Console.WriteLine(applied.Count == 0
                ? "schema is up to date"
                : $"applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return CliRunner.Success;
        });
        return command;
    }
}
