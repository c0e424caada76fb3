using System.Numerics;
using Npgsql;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Ethereum;
using OnchainMarket.Fleet.Queue;

namespace OnchainMarket.Fleet.Coordinator;

/// <summary>
/// The coordinator's side of the queue, as the agent sees it (<see cref="IRemoteProver"/>): it
/// queues each proof it owes and waits for a worker to write it back. A watch loop keeps a view
/// of the live workers and their speeds (what the agent plans with) and takes back jobs whose
/// worker stopped making progress, so that another worker proves them before their window closes.
/// </summary>
public sealed class FleetProver : IRemoteProver, IAsyncDisposable
{
    private readonly JobQueue _queue;
    private readonly WorkerRegistry _workers;
    private readonly StructuredLog _log;
    private readonly CancellationTokenSource _stop = new();
    private volatile FleetView _view = FleetView.Empty;
    private Task? _watch;

    public FleetProver(NpgsqlDataSource database, StructuredLog log)
    {
        _queue = new JobQueue(database);
        _workers = new WorkerRegistry(database);
        _log = log;
    }

    /// <summary>A worker not seen for this long is gone (workers check in every second or so).</summary>
    public TimeSpan LiveWithin { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the fleet is looked at and a queued job's proof is looked for.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A leased job is stalled after this long without progress, plus <see cref="StallFactor"/> times its worker's measured time.</summary>
    public TimeSpan StallFloor { get; init; } = TimeSpan.FromSeconds(10);

    public double StallFactor { get; init; } = 3;

    public int LiveWorkers => _view.Workers.Count(w => w.SecondsPerCircuit.Count > 0);

    public bool Saturated => _view.Waiting > 0 && _view.Waiting >= LiveWorkers;

    /// <summary>The last view of the fleet (workers, jobs waiting).</summary>
    public FleetView View => _view;

    public TimeSpan? ProvingTime(string circuitId)
    {
        var id = Normalized(circuitId);
        var times = _view.Workers.Where(w => w.SecondsPerCircuit.ContainsKey(id)).Select(w => w.SecondsPerCircuit[id]).ToList();
        return times.Count == 0 ? null : TimeSpan.FromSeconds(times.Max());
    }

    /// <summary>Publishes the circuits served (workers fetch and check their files), takes a first look at the fleet, starts watching it.</summary>
    public async Task StartAsync(IEnumerable<FleetCircuit> circuits, CancellationToken cancellationToken)
    {
        foreach (var circuit in circuits)
        {
            await _workers.PublishCircuitAsync(circuit with { CircuitId = Normalized(circuit.CircuitId) }, cancellationToken).ConfigureAwait(false);
        }
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        _watch = Task.Run(() => WatchAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Waits until at least <paramref name="count"/> workers have measured a circuit (a fleet just started).</summary>
    public async Task WaitForWorkersAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + timeout;
        while (LiveWorkers < count)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{LiveWorkers} of {count} workers reported in within {timeout.TotalSeconds:0} s: start them with omkt prover worker --queue-db ...");
            }
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<ProvedJob> ProveAsync(RemoteProofRequest request, CancellationToken cancellationToken)
    {
        var job = new ProvingJob(request.RequestId, request.Round, Normalized(request.CircuitId), request.Input, request.PublicInputs, request.ProveBy);
        // A restarted coordinator asks again for a job it queued before: the queue keeps the first.
        if (await _queue.EnqueueAsync(job, cancellationToken).ConfigureAwait(false))
        {
            _log.Info("job_enqueued", ("request", request.RequestId), ("round", request.Round), ("proveBy", request.ProveBy));
        }
        while (true)
        {
            var state = await _queue.StateAsync(request.RequestId, request.Round, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"request {request.RequestId} round {request.Round} vanished from the fleet queue");
            switch (state.Phase)
            {
                case "proved":
                    _log.Info("job_proved", ("request", request.RequestId), ("worker", state.ProvedBy), ("seconds", state.ProveSeconds), ("attempts", state.Attempts));
                    return new ProvedJob(state.Proof!, request.PublicInputs, TimeSpan.FromSeconds(state.ProveSeconds ?? 0));
                case "failed":
                    throw new InvalidOperationException($"the fleet could not prove request {request.RequestId}: {state.Error}");
            }
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Paid(BigInteger requestId, BigInteger priceWei, BigInteger stakeBounty, string transaction) =>
        // Called on the agent's log thread: recorded off it, and a lost record only costs a line in the status.
        _ = Task.Run(async () =>
        {
            try
            {
                await _queue.RecordPaidAsync(requestId, priceWei, stakeBounty, transaction, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
            {
                _log.Warn("fleet_paid_unrecorded", ("request", requestId), ("error", e.Message));
            }
        });

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                foreach (var (id, round, worker) in await _queue.RequeueStalledAsync(StallFloor, StallFactor, cancellationToken).ConfigureAwait(false))
                {
                    _log.Warn("job_requeued", ("request", id), ("round", round), ("worker", worker), ("reason", "no progress"));
                }
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException e)
            {
                // The database is away: the last view stands (it ages out: no worker looks live for long).
                _log.Warn("fleet_watch_failed", ("error", e.Message));
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var workers = await _workers.LiveAsync(LiveWithin, cancellationToken).ConfigureAwait(false);
        var waiting = await _queue.WaitingAsync(cancellationToken).ConfigureAwait(false);
        _view = new FleetView(workers, waiting);
    }

    /// <summary>Circuit ids as one spelling (the chain's and the job store's may differ in case).</summary>
    public static string Normalized(string circuitId) => Hash32.Parse(circuitId).ToString();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_watch is not null)
        {
            await _watch.ConfigureAwait(false);
        }
        _stop.Dispose();
    }
}
