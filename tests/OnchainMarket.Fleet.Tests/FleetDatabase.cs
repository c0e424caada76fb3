using Npgsql;
using OnchainMarket.Fleet.Queue;
using OnchainMarket.Fleet.Schema;
using OnchainMarket.TestSupport;

namespace OnchainMarket.Fleet.Tests;

/// <summary>A fresh database with the fleet schema, its queue and registry.</summary>
internal sealed class FleetDatabase : IAsyncDisposable
{
    private FleetDatabase(NpgsqlDataSource source)
    {
        Source = source;
        Queue = new JobQueue(source);
        Workers = new WorkerRegistry(source);
    }

    public NpgsqlDataSource Source { get; }

    public JobQueue Queue { get; }

    public WorkerRegistry Workers { get; }

    public static async Task<FleetDatabase> CreateAsync(PostgresFixture postgres)
    {
        var source = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("fleet"));
        await FleetSchema.EnsureAsync(source);
        return new FleetDatabase(source);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = Source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}
