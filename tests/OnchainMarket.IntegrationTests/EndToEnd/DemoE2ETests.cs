using System.Globalization;
using Npgsql;
using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.IntegrationTests.EndToEnd;

/// <summary>A short run of `omkt demo` (real anvil, real proofs, the indexer) asserted through the Postgres views.</summary>
[Collection("postgres")]
public sealed class DemoE2ETests(PostgresFixture postgres)
{
    /// <param name="workers">0: every prover proves in-process; 3: prover alpha coordinates three `omkt prover worker` processes (as `scripts/demo --workers 3`).</param>
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task A_short_demo_fills_the_views_with_every_mechanism_a_slash_and_its_rescue(int workers)
    {
        var database = await postgres.CreateDatabaseAsync($"demo_w{workers}");
        var folder = Directory.CreateTempSubdirectory("omkt-demo-e2e-").FullName;
        try
        {
            var (code, stdout, stderr) = await OmktCli.RunAsync(folder, TimeSpan.FromMinutes(6),
                "demo", "--requests", "4", "--rollup-batches", "1", "--interval", "2s", "--timeout", "4m", "--db", database, "--no-live", "--workers", workers.ToString(CultureInfo.InvariantCulture));
            Assert.True(code == 0, $"omkt demo exited {code}:\n{stdout}\n{stderr}");
            Assert.Contains("OK: 5/5 requests fulfilled", stdout, StringComparison.Ordinal);

            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            var mechanisms = await RowsAsync(connection, "SELECT mechanism, requests, fulfilled_rate FROM mechanism_efficiency");
            Assert.Equal(["dutch", "orderbook", "race", "sealed-bid"], mechanisms.Select(r => (string)r[0]).Order());
            Assert.All(mechanisms, r => Assert.Equal(1m, (decimal)r[2]));
            Assert.Equal(5L, mechanisms.Sum(r => (long)r[1]));

            var slash = Assert.Single(await RowsAsync(connection,
                "SELECT h.prover, h.outcome, r.prover, r.status, r.round FROM slashing_history h JOIN request_status r ON r.id = h.request_id"));
            Assert.Equal("reopened", slash[1]);
            Assert.NotEqual(slash[0], slash[2]);
            Assert.Equal("fulfilled", slash[3]);
            Assert.Equal(1L, Convert.ToInt64(slash[4], CultureInfo.InvariantCulture));

            var earners = await RowsAsync(connection, "SELECT prover, fulfilled, revenue FROM prover_leaderboard WHERE fulfilled > 0");
            Assert.NotEmpty(earners);
            Assert.All(earners, r => Assert.True((decimal)r[2] > 0m));
            Assert.Equal(5L, earners.Sum(r => (long)r[1]));

            var advanced = await RowsAsync(connection, "SELECT count(*) FROM rollup_state_root_advanced");
            Assert.Equal(1L, (long)advanced[0][0]);

            if (workers > 0)
            {
                // Alpha proves nothing itself, and it is the demo's only racer: the race request it fulfilled (5/5 above)
                // was proved by a worker process through the queue.
                var proved = await RowsAsync(connection, "SELECT count(*) FROM fleet.jobs WHERE phase = 'proved' AND proved_by LIKE 'demo-worker-%'");
                Assert.True((long)proved[0][0] >= 1, "no proof came from the fleet's workers");
                var registered = await RowsAsync(connection, "SELECT count(*) FROM fleet.workers");
                Assert.Equal((long)workers, (long)registered[0][0]);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<List<object[]>> RowsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }
}
