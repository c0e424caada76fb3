using System.Globalization;
using Npgsql;
using OnchainMarket.Devnet;
using Xunit;

namespace OnchainMarket.TestSupport;

/// <summary>
/// One throwaway PostgreSQL 15 cluster per test run (collection), dropped at the end. Tests that
/// need isolation take a fresh database each from <see cref="CreateDatabaseAsync"/>.
/// Test assemblies declare <c>[CollectionDefinition("postgres")] ... : ICollectionFixture&lt;PostgresFixture&gt;</c>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private LocalPostgres? _cluster;
    private int _databases;

    public LocalPostgres Cluster => _cluster ?? throw new InvalidOperationException("the Postgres fixture has not started");

    /// <summary>Connection string of the cluster's `postgres` database.</summary>
    public string ConnectionString => Cluster.ConnectionString;

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture)}_{Environment.ProcessId}";
        await using var connection = new NpgsqlConnection(Cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return Cluster.ConnectionStringFor(name);
    }

    public async Task InitializeAsync() => _cluster = await LocalPostgres.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
