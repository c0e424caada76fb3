using Npgsql;

namespace OnchainMarket.Fleet.Schema;

/// <summary>Creates the queue's tables (idempotent); the coordinator and every worker call it on start.</summary>
public static class FleetSchema
{
    // Any constant works; it only has to be the same for every process creating this schema.
    private const long AdvisoryLockKey = 0x6F6D6B74_666C7431;

    public static async Task EnsureAsync(NpgsqlDataSource database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        string sql;
        using (var stream = typeof(FleetSchema).Assembly.GetManifestResourceStream("fleet.sql")
            ?? throw new InvalidOperationException("fleet.sql is not embedded in the Fleet assembly"))
        using (var reader = new StreamReader(stream))
        {
            sql = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // CREATE ... IF NOT EXISTS still races on the catalog when two processes start together: serialize them.
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLockKey})", connection))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
