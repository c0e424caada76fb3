using System.CommandLine;
using Npgsql;

namespace OnchainMarket.Cli.Commands.Indexer;

/// <summary>Turns the indexer commands' connection options into clients, with one-line errors for bad input.</summary>
internal static class IndexerOptionsParsing
{
    /// <summary>
    /// --db takes the connection string on the command line (visible in `ps` to every local user:
    /// leave the password out and give it by PGPASSWORD or ~/.pgpass, which Npgsql reads); --db-file
    /// reads it from a file only its owner should be able to read.
    /// </summary>
    public static (Option<string?> Db, Option<string?> DbFile) DbOptions(string description) => (
        new Option<string?>("--db") { Description = description + " (without the password: give it by PGPASSWORD, ~/.pgpass or --db-file)" },
        new Option<string?>("--db-file") { Description = "A file holding the connection string (keep it chmod 600)" });

    public static NpgsqlDataSource Database(string? connectionString, string? connectionFile)
    {
        if (connectionFile is not null)
        {
            if (connectionString is not null)
            {
                throw new CliUsageException("give --db or --db-file, not both");
            }
            if (!File.Exists(connectionFile))
            {
                throw new CliUsageException($"--db-file {connectionFile}: no such file");
            }
            if (OnchainMarket.Agent.State.PrivateFiles.SharedWarning(connectionFile) is { } warning)
            {
                Console.Error.WriteLine("warning: " + warning);
            }
            connectionString = File.ReadAllText(connectionFile).Trim();
        }
        return Database(connectionString);
    }

    public static NpgsqlDataSource Database(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new CliUsageException("--db or --db-file is required: a Postgres connection string such as 'Host=127.0.0.1;Port=5432;Username=postgres;Database=market'");
        }
        try
        {
            return NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"--db is not a valid Postgres connection string: {e.Message}");
        }
    }

    public static Uri Rpc(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliUsageException($"--rpc '{url}' is not an http(s) URL of a JSON-RPC node");
        }
        return uri;
    }
}
