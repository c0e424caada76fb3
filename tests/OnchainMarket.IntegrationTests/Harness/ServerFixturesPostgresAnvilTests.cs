using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using OnchainMarket.Devnet;
using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.IntegrationTests.Harness;

/// <summary>The harness itself: the servers the other tests rely on start, answer and are isolated.</summary>
[Collection("postgres")]
public sealed class ServerFixturesPostgresAnvilTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Each_created_database_is_empty_and_separate()
    {
        var first = await postgres.CreateDatabaseAsync("harness");
        var second = await postgres.CreateDatabaseAsync("harness");
        Assert.NotEqual(first, second);

        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE marker (id int); INSERT INTO marker VALUES (7)", connection);
            await create.ExecuteNonQueryAsync();
        }

        await using (var connection = new NpgsqlConnection(second))
        {
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE tablename = 'marker'", connection);
            Assert.Equal(0L, (long)(await query.ExecuteScalarAsync())!);
            await using var version = new NpgsqlCommand("SHOW server_version_num", connection);
            Assert.StartsWith("15", (string)(await version.ExecuteScalarAsync())!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Two_anvil_nodes_run_side_by_side_and_stop_on_dispose()
    {
        await using var a = await LocalAnvil.StartAsync();
        var b = await LocalAnvil.StartAsync(new AnvilOptions { ChainId = 4242 });
        Assert.NotEqual(a.Port, b.Port);
        Assert.Equal(4242L, await ChainIdAsync(b.RpcUrl));
        Assert.Equal(31337L, await ChainIdAsync(a.RpcUrl));

        await b.DisposeAsync();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => ChainIdAsync(b.RpcUrl));
    }

    private static async Task<long> ChainIdAsync(Uri rpc)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(rpc, new { jsonrpc = "2.0", id = 1, method = "eth_chainId", @params = Array.Empty<object>() });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return Convert.ToInt64(body.RootElement.GetProperty("result").GetString(), 16);
    }
}
