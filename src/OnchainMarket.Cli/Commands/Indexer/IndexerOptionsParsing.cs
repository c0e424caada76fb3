using Npgsql;

namespace OnchainMarket.Cli.Commands.Indexer;

/// <summary>Turns the indexer commands' connection options into clients, with one-line errors for bad input.</summary>
internal static class IndexerOptionsParsing
{
    public static NpgsqlDataSource Database(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new CliUsageException("--db is required: a Postgres connection string such as 'Host=127.0.0.1;Port=5432;Username=postgres;Database=market'");
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
