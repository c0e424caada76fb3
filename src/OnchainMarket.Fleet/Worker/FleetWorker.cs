using System.Diagnostics;
using System.Numerics;
using Npgsql;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Ethereum;
using OnchainMarket.Fleet.Queue;

namespace OnchainMarket.Fleet.Worker;

/// <summary>
/// One proving worker (<c>omkt prover worker</c>): it resolves the circuits the coordinator
/// published (files found or fetched, checked against the registry's hashes), measures a proof
/// of each, then leases jobs earliest-due first, proves them and writes the proofs back. While it
/// proves, a heartbeat keeps its lease and says it is alive; a lease it lost (it was too slow,
/// or the coordinator took the job back) cancels the proof in hand.
/// </summary>
public sealed class FleetWorker(NpgsqlDataSource database, string name, ProofEngine engine, CircuitLibrary library, StructuredLog log)
{
    private readonly JobQueue _queue = new(database);
    private readonly WorkerRegistry _registry = new(database);
    private readonly Dictionary<string, CircuitFiles> _circuits = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unusable = new(StringComparer.Ordinal);
    private volatile Lease? _current;
    private volatile int _progress;
    private CancellationTokenSource? _leaseLost;

    public string Name => name;

    /// <summary>How long a lease lasts without a heartbeat: a worker killed mid-proof loses its job after this.</summary>
    public TimeSpan LeaseFor { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan HeartbeatEvery { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Memory cap of a witness generator (the circuit registrant's code).</summary>
    public long MaxWitnessMemoryBytes { get; init; } = 2L << 30;

    /// <summary>
    /// Testing and demos: how long the worker holds a fresh lease before proving, as a slow
    /// machine would (the test circuits prove in milliseconds, too fast to kill a worker mid-proof).
    /// </summary>
    public TimeSpan HoldAfterLease { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Fault injector for tests: write every proof corrupted (A and C swapped: valid curve points, a
    /// failed pairing), as a broken or dishonest worker would. The coordinator must catch each one.
    /// </summary>
    public bool CorruptProofs { get; init; }

    private volatile bool _barred;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        NoteBarred(await _registry.SeenAsync(name, engine.BackendName, cancellationToken).ConfigureAwait(false));
        log.Info("worker_started", ("worker", name), ("backend", engine.BackendName));
        using var heartbeats = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = Task.Run(() => HeartbeatAsync(heartbeats.Token), CancellationToken.None);
        try
        {
            var catalogReadAt = DateTime.MinValue;
            while (!cancellationToken.IsCancellationRequested)
            {
                if (DateTime.UtcNow - catalogReadAt > TimeSpan.FromSeconds(5))
                {
                    // New circuits may be published at any time (a coordinator started after us).
                    await LoadCircuitsAsync(cancellationToken).ConfigureAwait(false);
                    catalogReadAt = DateTime.UtcNow;
                }
                // A barred worker stays up (its operator sees why in its log and in prover status) but takes nothing.
                var lease = _circuits.Count == 0 || _barred ? null : await _queue.LeaseAsync(name, [.. _circuits.Keys], LeaseFor, cancellationToken).ConfigureAwait(false);
                if (lease is null)
                {
                    await Task.Delay(IdlePoll, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                await WorkOnAsync(lease, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping; a lease in hand expires and another worker takes the job.
        }
        finally
        {
            await heartbeats.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            log.Info("worker_stopped", ("worker", name));
        }
    }

    private async Task LoadCircuitsAsync(CancellationToken cancellationToken)
    {
        foreach (var circuit in await _registry.CircuitsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_circuits.ContainsKey(circuit.CircuitId) || _unusable.Contains(circuit.CircuitId))
            {
                continue;
            }
            try
            {
                var metadata = new RegisteredCircuit(circuit.Name, circuit.Constraints, Hash32.Parse(circuit.WasmHash), Hash32.Parse(circuit.ZkeyHash), circuit.Uri);
                var files = await library.ResolveAsync(Hash32.Parse(circuit.CircuitId), metadata, cancellationToken).ConfigureAwait(false);
                // The measured speed is what the coordinator promises with: measure before taking any job.
                var elapsed = await Task.Run(() => engine.Benchmark(files, cancellationToken), cancellationToken).ConfigureAwait(false);
                await _registry.RecordSpeedAsync(name, circuit.CircuitId, elapsed, cancellationToken).ConfigureAwait(false);
                _circuits[circuit.CircuitId] = files;
                log.Info("circuit_ready", ("worker", name), ("circuit", files.Name), ("seconds", elapsed.TotalSeconds));
            }
            catch (CircuitFileException e)
            {
                _unusable.Add(circuit.CircuitId);
                log.Warn("circuit_unusable", ("worker", name), ("circuit", CircuitLibrary.ShownName(circuit.Name)), ("reason", e.Message));
            }
        }
    }

    private async Task WorkOnAsync(Lease lease, CancellationToken cancellationToken)
    {
        var job = lease.Job;
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _leaseLost = lost;
        _progress = 1;
        _current = lease;
        log.Info("job_leased", ("worker", name), ("request", job.RequestId), ("round", job.Round), ("attempt", lease.Attempt));
        try
        {
            if (HoldAfterLease > TimeSpan.Zero)
            {
                await Task.Delay(HoldAfterLease, lost.Token).ConfigureAwait(false);
            }
            _progress = 2;
            var files = _circuits[job.CircuitId];
            var budget = TimeSpan.FromSeconds(Math.Clamp(job.ProveBy - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 1, 24 * 3600));
            var watch = Stopwatch.StartNew();
            var proved = await Task.Run(() => engine.Prove(files, job.Input, job.PublicInputs, budget, MaxWitnessMemoryBytes, lost.Token), lost.Token).ConfigureAwait(false);
            var elapsed = watch.Elapsed;
            IReadOnlyList<BigInteger> proof = CorruptProofs ? [proved.Proof[6], proved.Proof[7], .. proved.Proof.Skip(2).Take(4), proved.Proof[0], proved.Proof[1]] : proved.Proof;
            var written = await _queue.CompleteAsync(job.RequestId, job.Round, name, proof, elapsed, cancellationToken).ConfigureAwait(false);
            await _registry.RecordSpeedAsync(name, job.CircuitId, elapsed, cancellationToken).ConfigureAwait(false);
            log.Info(written ? "proof_written" : "proof_refused", ("worker", name), ("request", job.RequestId), ("seconds", elapsed.TotalSeconds),
                ("reason", written ? null : "the job has a proof already, or this worker may no longer prove it"));
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            log.Warn("lease_lost", ("worker", name), ("request", job.RequestId));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Warn("proving_failed", ("worker", name), ("request", job.RequestId), ("error", e.Message));
            await _queue.FailAsync(job.RequestId, job.Round, name, e.Message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _current = null;
            _leaseLost = null;
        }
    }

    /// <summary>Notes the registry's word on this worker; says so once when the coordinator barred it.</summary>
    private void NoteBarred(bool barred)
    {
        if (barred && !_barred)
        {
            log.Error("worker_barred", ("worker", name), ("reason", "the coordinator refused too many of this worker's proofs: it gets no more jobs"));
        }
        _barred = barred;
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                NoteBarred(await _registry.SeenAsync(name, engine.BackendName, cancellationToken).ConfigureAwait(false));
                if (_current is { } lease && !await _queue.HeartbeatAsync(lease.Job.RequestId, lease.Job.Round, name, _progress, LeaseFor, cancellationToken).ConfigureAwait(false)
                    && ReferenceEquals(_current, lease))
                {
                    // Another worker has the job now: stop spending time on it.
                    try
                    {
                        _leaseLost?.Cancel();
                    }
                    catch (ObjectDisposedException)
                    {
                        // The job ended meanwhile.
                    }
                }
                await Task.Delay(HeartbeatEvery, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException e)
            {
                log.Warn("heartbeat_failed", ("worker", name), ("error", e.Message));
                await Task.Delay(HeartbeatEvery, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
