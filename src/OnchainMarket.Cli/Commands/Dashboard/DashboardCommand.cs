using System.CommandLine;
using System.Net;
using OnchainMarket.Cli.Commands.Indexer;
using OnchainMarket.Dashboard;

namespace OnchainMarket.Cli.Commands.Dashboard;

/// <summary>`omkt dashboard --db CONN [--port P] [--host ADDR] [--refresh S]`: the analyst views as a live web page.</summary>
internal static class DashboardCommand
{
    public static Command Create()
    {
        var (db, dbFile) = IndexerOptionsParsing.DbOptions("Postgres connection string of an indexer database");
        var port = new Option<int>("--port") { Description = "TCP port (0: any free port)", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { Description = "Address to listen on (loopback unless you mean to share it)", DefaultValueFactory = _ => "127.0.0.1" };
        var refresh = new Option<int>("--refresh") { Description = "Seconds between the page's refreshes", DefaultValueFactory = _ => 3 };
        var command = new Command("dashboard", "Serve a web dashboard over the indexer's views: prices, requests, latency, provers, slashes, stake")
        {
            db, dbFile, port, host, refresh,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var portNumber = parse.GetValue(port);
            if (portNumber is < 0 or > 65535)
            {
                throw new CliUsageException($"--port {portNumber} is not a TCP port (0-65535)");
            }
            if (!IPAddress.TryParse(parse.GetValue(host), out var address))
            {
                throw new CliUsageException($"--host '{parse.GetValue(host)}' is not an IP address");
            }
            var seconds = parse.GetValue(refresh);
            if (seconds is < 1 or > 3600)
            {
                throw new CliUsageException($"--refresh {seconds} must be between 1 and 3600 seconds");
            }
            await using var database = IndexerOptionsParsing.Database(parse.GetValue(db), parse.GetValue(dbFile));
            DashboardServer server;
            try
            {
                server = await DashboardServer.StartAsync(database, address, portNumber, seconds, cancellationToken);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"omkt: cannot listen on {address}:{portNumber}: {e.Message}");
                return CliRunner.Failure;
            }
            await using (server)
            {
                Console.WriteLine($"dashboard: {server.Url} (Ctrl-C stops it)");
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                }
            }
            return CliRunner.Success;
        });
        return command;
    }
}
