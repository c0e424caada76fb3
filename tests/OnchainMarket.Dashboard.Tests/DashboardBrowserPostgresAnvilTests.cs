using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;
using OnchainMarket.Devnet;
using OnchainMarket.IntegrationTests.EndToEnd;
using OnchainMarket.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace OnchainMarket.Dashboard.Tests;

/// <summary>
/// The dashboard in a real browser (Debian chromium, driven by playwright-core through Browser/dashboard-check.mjs)
/// while a real `omkt demo` — anvil, the contracts, three provers, the indexer following the chain — fills the
/// Postgres database the page reads.
/// </summary>
[Collection("postgres")]
public sealed class DashboardBrowserPostgresAnvilTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static readonly string[] Charts = ["price", "status", "latency", "provers", "slashes", "stake"];

    [Fact]
    public async Task The_page_loads_every_chart_gets_data_and_a_new_request_appears_without_a_reload()
    {
        var database = await postgres.CreateDatabaseAsync("browser");
        var folder = Directory.CreateTempSubdirectory("omkt-dashboard-browser-").FullName;
        var screenshot = Path.Combine(Directory.CreateDirectory(Path.Combine(RepoPaths.Root, ".build", "dashboard-tests")).FullName, "dashboard.png");
        File.Delete(screenshot);
        try
        {
            // Requests keep arriving for ~40 s, so some are submitted after the page has loaded.
            await using var demo = await OmktCli.StartAsync(folder,
                "demo", "--requests", "8", "--rollup-batches", "1", "--interval", "5s", "--timeout", "5m", "--db", database, "--no-live");
            await using var source = NpgsqlDataSource.Create(database);
            await WaitForFirstRequestAsync(source, demo, TimeSpan.FromMinutes(5));

            await using var server = await DashboardServer.StartAsync(source, IPAddress.Loopback, 0, 1, CancellationToken.None);
            var script = Path.Combine(RepoPaths.Root, "tests", "OnchainMarket.Dashboard.Tests", "Browser", "dashboard-check.mjs");
            var answer = await ChildProcess.RunAsync("node", [script, server.Url.ToString(), screenshot, "300"], RepoPaths.Root, TimeSpan.FromMinutes(6));
            output.WriteLine(answer);
            using var seen = JsonDocument.Parse(answer.Trim().Split('\n')[^1]);
            var page = seen.RootElement;

            Assert.Equal(200, page.GetProperty("httpStatus").GetInt32());
            Assert.Equal("OnchainMarket · market dashboard", page.GetProperty("title").GetString());
            Assert.Empty(page.GetProperty("failedRequests").EnumerateArray());
            var charts = page.GetProperty("charts");
            foreach (var chart in Charts)
            {
                Assert.True(charts.TryGetProperty(chart, out var marks) && marks.GetInt32() > 0, $"chart '{chart}' drew no data: {charts}");
            }
            Assert.NotEmpty(page.GetProperty("appeared").EnumerateArray());
            Assert.True(page.GetProperty("samePage").GetBoolean(), "the page was reloaded");
            Assert.Equal(1, page.GetProperty("navigations").GetInt32());
            Assert.StartsWith("updated ", page.GetProperty("status").GetString(), StringComparison.Ordinal);
            Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is missing or blank");

            await demo.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(6));
            Assert.True(demo.Process.ExitCode == 0, $"omkt demo exited {demo.Process.ExitCode}:\n{demo.Output}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The indexer has written its first request: the demo is streaming and the page has something to show.</summary>
    private static async Task WaitForFirstRequestAsync(NpgsqlDataSource source, RunningOmkt demo, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await using var command = source.CreateCommand("SELECT count(*) FROM request_status");
                if (Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0)
                {
                    return;
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // The demo has not migrated the database yet.
            }
            if (demo.Process.HasExited)
            {
                throw new InvalidOperationException($"omkt demo exited ({demo.Process.ExitCode}) before its first request:\n{demo.Output}");
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"no request indexed in {timeout.TotalSeconds:0} s:\n{demo.Output}");
            }
            await Task.Delay(500);
        }
    }
}
