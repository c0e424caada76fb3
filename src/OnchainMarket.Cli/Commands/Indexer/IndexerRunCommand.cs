using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Catalog;
using OnchainMarket.Indexer.Ingest;
using OnchainMarket.Indexer.Schema;

namespace OnchainMarket.Cli.Commands.Indexer;

/// <summary>
/// `omkt indexer run --rpc URL --db CONN --from-block N [--confirmations K] [--addresses FILE]`: migrates, then
/// backfills and follows the chain until Ctrl-C, with a progress line on stderr.
/// </summary>
internal static class IndexerRunCommand
{
    public static Command Create()
    {
        var rpc = new Option<string>("--rpc") { Description = "JSON-RPC URL of the node", Required = true };
        var (db, dbFile) = IndexerOptionsParsing.DbOptions("Postgres connection string");
        var fromBlock = new Option<long?>("--from-block") { Description = "First block to index on an empty database (default: the deployment block in --addresses)" };
        var confirmations = new Option<int>("--confirmations") { Description = "Blocks behind the head left unindexed (reorgs are rolled back either way)", DefaultValueFactory = _ => 0 };
        var addresses = new Option<string?>("--addresses") { Description = "Addresses file of the deployment (Deploy.s.sol or omkt devnet up); without it every log of a catalogued event is indexed" };
        var exitAtHead = new Option<bool>("--exit-at-head") { Description = "Stop once caught up and print a summary (benchmarks, one-off backfills)" };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve /metrics (Prometheus text) and /health on 127.0.0.1 at this port" };
        var readyWithin = new Option<int>("--ready-within") { Description = "/health answers 200 when the index is at most this many blocks behind the head", DefaultValueFactory = _ => 5 };
        var command = new Command("run", "Index the market's events into Postgres and follow the chain")
        {
            rpc, db, dbFile, fromBlock, confirmations, addresses, exitAtHead, metricsPort, readyWithin,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var rpcUrl = IndexerOptionsParsing.Rpc(parse.GetValue(rpc));
            var confirmationCount = parse.GetValue(confirmations);
            if (confirmationCount < 0)
            {
                throw new CliUsageException($"--confirmations {confirmationCount} is negative");
            }
            IReadOnlyDictionary<Address, string> contracts = new Dictionary<Address, string>();
            long? deployedAt = null;
            if (parse.GetValue(addresses) is { } path)
            {
                try
                {
                    (contracts, deployedAt) = DeploymentAddresses.Load(path);
                }
                catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
                {
                    throw new CliUsageException($"--addresses: {e.Message}");
                }
            }
            var start = parse.GetValue(fromBlock) ?? deployedAt
                ?? throw new CliUsageException("--from-block is required (or an --addresses file that records the deployment block)");
            if (start < 0)
            {
                throw new CliUsageException($"--from-block {start} is negative");
            }

            var metricsPortNumber = parse.GetValue(metricsPort);
            if (metricsPortNumber is < 0 or > 65535)
            {
                throw new CliUsageException($"--metrics-port {metricsPortNumber} is not a TCP port (0-65535)");
            }
            var readyBlocks = parse.GetValue(readyWithin);
            if (readyBlocks < 0)
            {
                throw new CliUsageException($"--ready-within {readyBlocks} is negative");
            }
            await using var database = IndexerOptionsParsing.Database(parse.GetValue(db), parse.GetValue(dbFile));
            try
            {
                await Migrator.MigrateAsync(database, cancellationToken);
            }
            catch (NpgsqlException e)
            {
                Console.Error.WriteLine($"omkt: cannot prepare the database: {e.Message}");
                return CliRunner.Failure;
            }

            using var client = new JsonRpcClient(rpcUrl);
            var options = new IndexerOptions { FromBlock = start, Confirmations = confirmationCount, Contracts = contracts };
            var progress = new ProgressLine();
            await using var indexer = new ChainIndexer(client, database, EventCatalog.Market(), options, progress.Log) { Progress = progress };
            await using var metrics = metricsPortNumber is { } port
                ? await IndexerMetricsEndpoint.StartAsync(indexer, port, readyBlocks, cancellationToken)
                : null;
            try
            {
                if (parse.GetValue(exitAtHead))
                {
                    var clock = Stopwatch.StartNew();
                    var done = await indexer.CatchUpAsync(cancellationToken);
                    progress.Finish(done);
                    var seconds = clock.Elapsed.TotalSeconds;
                    var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"indexed {done.EventsIndexed} events in {done.BlocksIndexed} blocks up to block {done.Checkpoint} in {seconds:0.00} s = {done.EventsIndexed / seconds:0} events/s, {done.BlocksIndexed / seconds:0} blocks/s, peak {peakMb:0} MB"));
                    return CliRunner.Success;
                }
                await indexer.RunAsync(cancellationToken);
                return CliRunner.Success;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                progress.Finish(indexer.Snapshot);
                Console.Error.WriteLine($"omkt: stopped at block {indexer.Snapshot.Checkpoint}");
                return CliRunner.Success;
            }
            catch (InvalidOperationException e)
            {
                progress.Finish(indexer.Snapshot);
                Console.Error.WriteLine($"omkt: {e.Message}");
                return CliRunner.Failure;
            }
        });
        return command;
    }
}
