using System.Numerics;
using Npgsql;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Ethereum;
using OnchainMarket.Fleet.Queue;

namespace OnchainMarket.Fleet.Coordinator;

/// <summary>
/// The coordinator's side of the queue, as the agent sees it (<see cref="IRemoteProver"/>): it
/// queues each proof it owes and waits for a worker to write it back, then checks that proof before
/// the agent may send it (a bad one is refused, the job goes to another worker, and a worker with
/// <see cref="BarAfter"/> bad proofs is barred). A watch loop keeps a view of the live workers and
/// their speeds (what the agent plans with), hands a job that would miss its window to a faster idle
/// worker (<see cref="WindowForecast"/>), and takes back jobs whose worker stopped making progress.
/// </summary>
public sealed class FleetProver : IRemoteProver, IAsyncDisposable
{
    private readonly JobQueue _queue;
    private readonly WorkerRegistry _workers;
    private readonly IProofCheck _check;
    private readonly StructuredLog _log;
    private readonly ChainClock _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<(BigInteger, int)> _reportedAtRisk = [];
    private volatile FleetView _view = FleetView.Empty;
    private (string Transaction, Task<long?> Gas) _lastPaidGas = ("", Task.FromResult<long?>(null));
    private Task? _watch;

    /// <param name="clock">The wall clock (tests set it); the forecast runs on the chain's time derived from it.</param>
    public FleetProver(NpgsqlDataSource database, IProofCheck check, StructuredLog log, TimeProvider? clock = null)
    {
        _queue = new JobQueue(database);
        _workers = new WorkerRegistry(database);
        _check = check;
        _log = log;
        _clock = new ChainClock(clock ?? TimeProvider.System);
    }

    /// <summary>A worker is barred (no more leases) once this many of its proofs were refused.</summary>
    public int BarAfter { get; init; } = 3;

    /// <summary>
    /// Kept between a proof's projected end and its due time (the fulfil's mining, a fee bump). The
    /// default is the agent's feasibility safety (<c>ProverAgentOptions.SafetySeconds</c>, 4 s): a job is
    /// re-planned against the margin it was promised with, not a stricter one that would call a kept promise late.
    /// </summary>
    public TimeSpan SubmissionMargin { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>How long a job handed over waits for the worker chosen for it before any worker may take it.</summary>
    public TimeSpan ReserveFor { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Reads the gas a paying transaction used (from its receipt); without it gas per proof goes unreported.</summary>
    public Func<string, CancellationToken, Task<long?>>? TransactionGas { get; init; }

    /// <summary>A worker not seen for this long is gone (workers check in every second or so).</summary>
    public TimeSpan LiveWithin { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the fleet is looked at and a queued job's proof is looked for.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A leased job is stalled after this long without progress, plus <see cref="StallFactor"/> times its worker's measured time.</summary>
    public TimeSpan StallFloor { get; init; } = TimeSpan.FromSeconds(10);

    public double StallFactor { get; init; } = 3;

    /// <summary>Workers alive, not barred, that measured a circuit: the fleet's capacity.</summary>
    public int LiveWorkers => Usable(_view).Count();

    /// <summary>
    /// Queued work nobody started already fills the idle workers, or a running job will miss its window
    /// with no worker able to take it over: more work would only be late too.
    /// </summary>
    public bool Saturated
    {
        get
        {
            var view = _view;
            var idle = Usable(view).Count(w => !view.Busy.Contains(w.Name));
            return (view.Waiting > 0 && view.Waiting >= idle) || view.AtRisk > 0;
        }
    }

    /// <summary>The last view of the fleet (workers, jobs waiting).</summary>
    public FleetView View => _view;

    public TimeSpan? ProvingTime(string circuitId)
    {
        var id = Normalized(circuitId);
        var times = Usable(_view).Where(w => w.SecondsPerCircuit.ContainsKey(id)).Select(w => w.SecondsPerCircuit[id]).ToList();
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
        _clock.Observe(request.ChainNow);
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
                case "proved" when await CheckedAsync(request, state, cancellationToken).ConfigureAwait(false):
                    _log.Info("job_proved", ("request", request.RequestId), ("worker", state.ProvedBy), ("seconds", state.ProveSeconds), ("attempts", state.Attempts));
                    return new ProvedJob(state.Proof!, request.PublicInputs, TimeSpan.FromSeconds(state.ProveSeconds ?? 0));
                case "failed":
                    throw new InvalidOperationException($"the fleet could not prove request {request.RequestId}: {state.Error}");
            }
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// True when the proof the worker wrote verifies on the registry; otherwise refuses it (the job is
    /// queued again for another worker) and returns false. A failed check call (the node away) is no
    /// verdict: the proof stays and is checked again on the next poll.
    /// </summary>
    private async Task<bool> CheckedAsync(RemoteProofRequest request, JobState state, CancellationToken cancellationToken)
    {
        bool valid;
        try
        {
            valid = await _check.IsValidAsync(Normalized(request.CircuitId), state.Proof!, request.PublicInputs, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.Warn("proof_check_failed", ("request", request.RequestId), ("worker", state.ProvedBy), ("error", e.Message));
            return false;
        }
        if (valid)
        {
            return true;
        }
        var worker = state.ProvedBy!;
        var rejected = await _queue.RejectProofAsync(request.RequestId, request.Round, worker, "the registry's verify refused it", BarAfter, cancellationToken).ConfigureAwait(false);
        if (rejected is not null)
        {
            _log.Warn("proof_rejected", ("request", request.RequestId), ("round", request.Round), ("worker", worker), ("badProofs", rejected.BadProofs),
                ("reason", "the registry's verify refused it: not sent, the job goes to another worker"));
            if (rejected.Barred)
            {
                _log.Error("worker_barred", ("worker", worker), ("badProofs", rejected.BadProofs), ("reason", $"{rejected.BadProofs} proofs refused: no more leases"));
            }
        }
        return false;
    }

    public void Paid(BigInteger requestId, BigInteger priceWei, BigInteger stakeBounty, string transaction)
    {
        // Called on the agent's log thread, one request after another: a fulfillBatch's members arrive in a row
        // with one transaction, whose receipt is read once for all of them.
        if (_lastPaidGas.Transaction != transaction)
        {
            _lastPaidGas = (transaction, Task.Run(() => GasOfAsync(transaction)));
        }
        var gasRead = _lastPaidGas.Gas;
        // Recorded off the log thread, and a lost record only costs a line in the status.
        _ = Task.Run(async () =>
        {
            try
            {
                var gas = await gasRead.ConfigureAwait(false);
                await _queue.RecordPaidAsync(requestId, priceWei, stakeBounty, transaction, gas, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
            {
                _log.Warn("fleet_paid_unrecorded", ("request", requestId), ("error", e.Message));
            }
        });
    }

    /// <summary>The paying transaction's gas; null when unknown (no reader, or the node did not answer: only a figure in the status is lost).</summary>
    private async Task<long?> GasOfAsync(string transaction)
    {
        if (TransactionGas is null)
        {
            return null;
        }
        try
        {
            return await TransactionGas(transaction, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.Warn("fleet_gas_unread", ("tx", transaction), ("error", e.Message));
            return null;
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                await HandOverLateJobsAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Acts on the forecast made by the last refresh: hands late jobs over, says once which cannot be saved.</summary>
    private async Task HandOverLateJobsAsync(CancellationToken cancellationToken)
    {
        var plan = _view.Plan;
        foreach (var handover in plan.Handovers)
        {
            var job = handover.Job;
            if (await _queue.HandOverAsync(job.RequestId, job.Round, job.Worker, handover.To, ReserveFor, cancellationToken).ConfigureAwait(false))
            {
                _log.Warn("job_handed_over", ("request", job.RequestId), ("round", job.Round), ("from", job.Worker), ("to", handover.To),
                    ("projectedEnd", handover.ProjectedEnd.ToUnixTimeSeconds()), ("theirEnd", handover.TheirEnd.ToUnixTimeSeconds()),
                    ("deadline", handover.Deadline.ToUnixTimeSeconds()));
            }
        }
        foreach (var job in plan.AtRisk)
        {
            if (_reportedAtRisk.Add((job.RequestId, job.Round)))
            {
                _log.Warn("job_at_risk", ("request", job.RequestId), ("round", job.Round), ("worker", job.Worker),
                    ("reason", "projected past its window and no idle worker can finish it sooner: taking no new work"));
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var workers = await _workers.LiveAsync(LiveWithin, cancellationToken).ConfigureAwait(false);
        var waiting = await _queue.WaitingAsync(cancellationToken).ConfigureAwait(false);
        var running = await _queue.RunningAsync(_clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var plan = new WindowForecast(_clock, SubmissionMargin, LiveWithin).Plan(running, workers);
        _view = new FleetView(workers, waiting, running.Select(j => j.Worker).ToHashSet(StringComparer.Ordinal), plan);
    }

    private static IEnumerable<LiveWorker> Usable(FleetView view) => view.Workers.Where(w => !w.Barred && w.SecondsPerCircuit.Count > 0);

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
