using System.Net;
using Npgsql;
using OnchainMarket.Indexer.Schema;
using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.Dashboard.Tests;

/// <summary>The server over real Postgres databases: an empty index, and none at all.</summary>
[Collection("postgres")]
public sealed class DashboardServerPostgresTests(PostgresFixture postgres)
{
    private static readonly string[] Charts = ["price", "status", "latency", "provers", "slashes", "stake"];

    [Fact]
    public async Task An_empty_index_gives_the_page_with_every_panel_saying_no_data_yet()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("dashboard"));
        await Migrator.MigrateAsync(source, CancellationToken.None);
        await using var server = await DashboardServer.StartAsync(source, IPAddress.Loopback, 0, 2, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Url };

        using var page = await http.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("setInterval(refresh, 2000)", html, StringComparison.Ordinal);
        Assert.Contains("the index is empty", html, StringComparison.Ordinal);
        foreach (var chart in Charts)
        {
            Assert.Contains($"data-chart=\"{chart}\"", html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("class=\"mark\"", html, StringComparison.Ordinal);
        var panels = await http.GetStringAsync("panels");
        Assert.Equal(6, panels.Split("no data yet").Length - 1);
    }

    [Fact]
    public async Task A_database_without_the_schema_is_named_in_the_page_not_a_crash()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("dashboard"));
        await using var server = await DashboardServer.StartAsync(source, IPAddress.Loopback, 0, 2, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Url };
        var panels = await http.GetStringAsync("panels");
        Assert.Contains("cannot read the index", panels, StringComparison.Ordinal);
        Assert.Contains("indexer_checkpoint", panels, StringComparison.Ordinal);
    }
}
