using System.CommandLine;
using System.Globalization;
using Npgsql;
using OnchainMarket.Cli.Commands.Indexer;
using OnchainMarket.Dashboard;
using Spectre.Console;

namespace OnchainMarket.Cli.Commands.Stats;

/// <summary>`omkt stats --db CONN`: the indexer's analyst views as tables.</summary>
internal static class StatsCommand
{
    private static readonly (string Title, string Sql)[] Views =
    [
        ("Mechanism efficiency", "SELECT * FROM mechanism_efficiency"),
        ("Prover leaderboard", "SELECT * FROM prover_leaderboard LIMIT 20"),
        ("Price per circuit (last 24 hours with trades)", "SELECT * FROM price_per_circuit LIMIT 24"),
        ("Requests (latest 20)", "SELECT id, status, mechanism, round, prover, max_price, price, bounty, submitted_at, closed_at FROM request_status ORDER BY submitted_at DESC NULLS LAST, id DESC LIMIT 20"),
        ("Slashing history (latest 20)", "SELECT slashed_at, request_id, prover, slashed, requester_share, bounty_share, outcome FROM slashing_history LIMIT 20"),
        ("Operator stake", "SELECT * FROM operator_stake LIMIT 20"),
    ];

    public static Command Create()
    {
        var (db, dbFile) = IndexerOptionsParsing.DbOptions("Postgres connection string of an indexer database");
        var chart = new Option<bool>("--chart") { Description = "Draw price over time and latency as terminal charts instead of the tables" };
        var command = new Command("stats", "Print the indexer's analyst views: mechanisms, provers, prices, requests, slashes, stake") { db, dbFile, chart };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var database = IndexerOptionsParsing.Database(parse.GetValue(db), parse.GetValue(dbFile));
            try
            {
                await using var connection = await database.OpenConnectionAsync(cancellationToken);
                await using (var jit = new NpgsqlCommand("SET jit = off", connection))
                {
                    await jit.ExecuteNonQueryAsync(cancellationToken);
                }
                await PrintCheckpointAsync(connection, cancellationToken);
                if (parse.GetValue(chart))
                {
                    StatsCharts.Print(await DashboardData.ReadAsync(database, cancellationToken), Console.IsOutputRedirected ? 100 : Console.WindowWidth);
                    return CliRunner.Success;
                }
                foreach (var (title, sql) in Views)
                {
                    await PrintAsync(connection, title, sql, cancellationToken);
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                Console.Error.WriteLine($"omkt: the database has no indexer schema ({e.MessageText}); run `omkt indexer migrate` and `omkt indexer run` first");
                return CliRunner.Failure;
            }
            catch (NpgsqlException e)
            {
                Console.Error.WriteLine($"omkt: cannot read the database: {e.Message}");
                return CliRunner.Failure;
            }
            return CliRunner.Success;
        });
        return command;
    }

    private static async Task PrintCheckpointAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT chain_id, block_number, '0x' || encode(block_hash, 'hex'), updated_at FROM indexer_checkpoint", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        AnsiConsole.MarkupLine(await reader.ReadAsync(cancellationToken)
            ? Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"chain {reader.GetInt64(0)}, indexed up to block {reader.GetInt64(1)} ({reader.GetString(2)}), updated {reader.GetDateTime(3):u}"))
            : "[yellow]nothing indexed yet[/]");
    }

    private static async Task PrintAsync(NpgsqlConnection connection, string title, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var table = new Table { Title = new TableTitle(title), Border = TableBorder.Rounded };
        for (var i = 0; i < reader.FieldCount; i++)
        {
            table.AddColumn(new TableColumn(Markup.Escape(reader.GetName(i))));
        }
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
            {
                cells[i] = Markup.Escape(Format(reader.IsDBNull(i) ? null : Cell(reader, i)));
            }
            table.AddRow(cells);
            rows++;
        }
        if (rows == 0)
        {
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(title)}: no rows[/]");
            return;
        }
        AnsiConsole.Write(table);
    }

    /// <summary>A cell's value; numeric(78,0) amounts overflow decimal and are read as BigInteger.</summary>
    private static object Cell(NpgsqlDataReader reader, int ordinal)
    {
        try
        {
            return reader.GetValue(ordinal);
        }
        catch (OverflowException)
        {
            return reader.GetFieldValue<System.Numerics.BigInteger>(ordinal);
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
