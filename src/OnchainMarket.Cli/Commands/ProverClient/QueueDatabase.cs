using System.CommandLine;
using Npgsql;
using OnchainMarket.Fleet.Schema;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>The fleet's job database (--queue-db), shared by `prover run`, `prover worker` and `prover status`.</summary>
internal static class QueueDatabase
{
    public static Option<string?> Option(bool required) => new("--queue-db")
    {
        Description = "Postgres connection string of the prover fleet's job queue (e.g. \"Host=db;Username=omkt;Database=fleet\")",
        Required = required,
    };

    /// <summary>Opens the database and creates the queue's tables if they are missing; a bad string or an unreachable server is a usage error.</summary>
    public static async Task<NpgsqlDataSource> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlDataSource source;
        try
        {
            source = NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"--queue-db: not a Postgres connection string ({e.Message})");
        }
        try
        {
            await FleetSchema.EnsureAsync(source, cancellationToken);
            return source;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await source.DisposeAsync();
            throw new CliUsageException($"--queue-db: cannot use the queue database: {e.Message}");
        }
    }
}
