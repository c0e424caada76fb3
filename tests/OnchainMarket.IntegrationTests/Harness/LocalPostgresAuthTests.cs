using Npgsql;
using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.IntegrationTests.Harness;

/// <summary>H9: the devnet's Postgres is not a superuser for every local user: SCRAM with a random password.</summary>
[Collection("postgres")]
public sealed class LocalPostgresAuthTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_local_user_without_the_password_cannot_connect_and_the_cluster_password_can()
    {
        var cluster = postgres.Cluster;
        var withoutPassword = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Password = null, Pooling = false }.ConnectionString;
        var wrongPassword = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Password = "postgres", Pooling = false }.ConnectionString;

        foreach (var attempt in new[] { withoutPassword, wrongPassword })
        {
            await using var connection = new NpgsqlConnection(attempt);
            // Without the password: refused (no trust); a wrong one: a SCRAM authentication failure.
            var e = await Assert.ThrowsAnyAsync<Exception>(() => connection.OpenAsync());
            Assert.True(e is NpgsqlException or PostgresException or InvalidOperationException, e.GetType().Name + ": " + e.Message);
        }

        await using var authorised = new NpgsqlConnection(cluster.ConnectionString);
        await authorised.OpenAsync();
        await using var method = new NpgsqlCommand("SELECT count(*) FROM pg_hba_file_rules WHERE auth_method = 'trust'", authorised);
        Assert.Equal(0L, (long)(await method.ExecuteScalarAsync())!);
        Assert.True(cluster.Password.Length >= 32);
    }
}
