using Dapper;
using Npgsql;

namespace OnchainMarket.Fleet.Queue;

/// <summary>
/// The workers and what they measured: each worker says it is alive (last seen) and how many
/// seconds a proof of each circuit takes it; the coordinator sizes its promises from these.
/// Also the catalog of circuits the coordinator serves, with the registry's hashes.
/// </summary>
public sealed class WorkerRegistry(NpgsqlDataSource database)
{
    /// <summary>
    /// Registers or refreshes a worker (a restarted worker keeps its name, its speeds and its record
    /// of bad proofs); true when the worker is barred.
    /// </summary>
    public async Task<bool> SeenAsync(string name, string backend, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            INSERT INTO fleet.workers (name, backend) VALUES (@Name, @Backend)
            ON CONFLICT (name) DO UPDATE SET backend = EXCLUDED.backend, last_seen = now()
            RETURNING barred_at IS NOT NULL
            """, new { Name = name, Backend = backend }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Records a measured proving time of one circuit on one worker (the latest measurement wins).</summary>
    public async Task RecordSpeedAsync(string worker, string circuitId, TimeSpan elapsed, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO fleet.worker_speeds (worker, circuit_id, seconds) VALUES (@Worker, @Circuit, @Seconds)
            ON CONFLICT (worker, circuit_id) DO UPDATE SET seconds = EXCLUDED.seconds, measured_at = now()
            """, new { Worker = worker, Circuit = circuitId, Seconds = Math.Max(elapsed.TotalSeconds, 0.001) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Workers seen within <paramref name="within"/>, with their speeds.</summary>
    public async Task<IReadOnlyList<LiveWorker>> LiveAsync(TimeSpan within, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Name, string Backend, DateTime LastSeen, int BadProofs, bool Barred, string? CircuitId, double? Seconds)>(new CommandDefinition("""
            SELECT w.name, w.backend, w.last_seen, w.bad_proofs, w.barred_at IS NOT NULL, s.circuit_id, s.seconds
            FROM fleet.workers w LEFT JOIN fleet.worker_speeds s ON s.worker = w.name
            WHERE w.last_seen > now() - @WithinMs * interval '1 millisecond'
            ORDER BY w.name
            """, new { WithinMs = (long)within.TotalMilliseconds }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.GroupBy(r => r.Name).Select(g => new LiveWorker(
            g.Key,
            g.First().Backend,
            new DateTimeOffset(DateTime.SpecifyKind(g.First().LastSeen, DateTimeKind.Utc)),
            g.Where(r => r.CircuitId is not null).ToDictionary(r => r.CircuitId!, r => r.Seconds!.Value, StringComparer.Ordinal),
            g.First().BadProofs,
            g.First().Barred))];
    }

    /// <summary>Publishes a circuit the coordinator serves (idempotent).</summary>
    public async Task PublishCircuitAsync(FleetCircuit circuit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO fleet.circuits (circuit_id, name, constraints, wasm_hash, zkey_hash, uri)
            VALUES (@CircuitId, @Name, @Constraints, @WasmHash, @ZkeyHash, @Uri)
            ON CONFLICT (circuit_id) DO UPDATE SET name = EXCLUDED.name, constraints = EXCLUDED.constraints,
                wasm_hash = EXCLUDED.wasm_hash, zkey_hash = EXCLUDED.zkey_hash, uri = EXCLUDED.uri
            """, new { circuit.CircuitId, circuit.Name, Constraints = (long)circuit.Constraints, circuit.WasmHash, circuit.ZkeyHash, circuit.Uri },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<FleetCircuit>> CircuitsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string CircuitId, string Name, long Constraints, string WasmHash, string ZkeyHash, string Uri)>(new CommandDefinition(
            "SELECT circuit_id, name, constraints, wasm_hash, zkey_hash, uri FROM fleet.circuits ORDER BY circuit_id",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new FleetCircuit(r.CircuitId, r.Name, (ulong)r.Constraints, r.WasmHash, r.ZkeyHash, r.Uri))];
    }
}
