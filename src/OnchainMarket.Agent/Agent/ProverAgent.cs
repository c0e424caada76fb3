using System.Numerics;
using Nethereum.BlockchainProcessing.ProgressRepositories;
using Nethereum.JsonRpc.Client;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Agent.Market;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Agent.Safety;
using OnchainMarket.Agent.Scheduling;
using OnchainMarket.Agent.Settlement;
using OnchainMarket.Agent.State;
using OnchainMarket.Agent.Strategy;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Agent;

/// <summary>
/// The prover client. It follows the market's logs, prices each open request with its cost
/// model, and bids (sealed bid: cost plus margin), locks (Dutch: when the ramp reaches its
/// reservation price), keeps standing asks (orderbook) or races, within its capacity and
/// deadlines (<see cref="FeasibilityQueue"/>). It proves what it wins, delivers the proof and
/// tracks its pay. Each job's state, a sealed bid's salt included, is saved before the
/// transaction it prepares is sent, so a restarted agent reveals, proves and delivers what it
/// owes. A failure or a slash opens the <see cref="CircuitBreaker"/>: no new work until the
/// operator resets it. One loop thread makes the decisions; proofs run on worker tasks.
/// </summary>
public sealed partial class ProverAgent : IAsyncDisposable
{
    private readonly MarketContracts _chain;
    private readonly CircuitLibrary _circuits;
    private readonly ProofEngine _engine;
    private readonly Pricer _pricer;
    private readonly BiddingStrategy _strategy;
    private readonly ProverAgentOptions _options;
    private readonly StructuredLog _log;
    private readonly JobStore _store;
    private readonly FeasibilityQueue _queue;
    private readonly ProvingTimeEstimate _provingTimes = new();
    private readonly SemaphoreSlim _workers;
    private readonly Lock _gate = new();

    private readonly Dictionary<BigInteger, SubmittedRequest> _submitted = [];
    private readonly Dictionary<BigInteger, OpenEntry> _open = [];
    private readonly Dictionary<(BigInteger Id, int Round), JobRecord> _jobs = [];
    private readonly Dictionary<(BigInteger Id, int Round), Task> _running = [];
    private readonly Dictionary<BigInteger, (Address Prover, long ProveBy)> _assignedElsewhere = [];
    private readonly Dictionary<Hash32, (ulong AskId, long Expiry)> _asks = [];
    private readonly CircuitResolver _resolver;
    private readonly Preflight _preflight;
    private readonly HashSet<Hash32> _askRefused = [];
    private readonly HashSet<BigInteger> _keeperGaveUp = [];
    private bool _fleetHadRoom = true;
    private readonly MarketEventFollower _follower;
    private int? _declaredCapacity;
    private DateTimeOffset _capacityDeclaredAt;
    private long _head;
    private long _headTimestamp;
    private BigInteger _totalStake;
    private BigInteger _freeStake;
    private DateTime _stakeReadAt = DateTime.MinValue;
    private DateTime _breakerFileCheckedAt = DateTime.MinValue;

    public ProverAgent(
        string name,
        MarketContracts chain,
        CircuitLibrary circuits,
        ProofEngine engine,
        Pricer pricer,
        ProverAgentOptions options,
        StructuredLog log)
    {
        Name = name;
        _chain = chain;
        _circuits = circuits;
        _engine = engine;
        _pricer = pricer;
        _options = options;
        _log = log;
        _strategy = new BiddingStrategy(options.AllowRacing) { SafetySeconds = options.SafetySeconds };
        _store = new JobStore(options.StateDirectory);
        _queue = new FeasibilityQueue(options.Capacity, options.Workers, TimeSpan.FromSeconds(options.SafetySeconds));
        _workers = new SemaphoreSlim(options.Workers, options.Workers);
        _resolver = new CircuitResolver(circuits, chain, log) { Deadline = options.CircuitDeadline, RetryAfter = options.CircuitRetryAfter };
        _preflight = new Preflight(circuits, log) { Timeout = options.PreflightTimeout, MaxWitnessMemoryBytes = options.MaxWitnessMemoryBytes };
        Breaker = new CircuitBreaker(_store.LoadBreaker(), _store.SaveBreaker);
        _settler = options.Batch is null ? null : new BatchSettler(new BatchPolicy(options.Batch), chain, log);
        // Progress in memory, not saved: the open requests and who holds what are known only from the logs, so every
        // start follows from the deploy block again.
        _follower = new MarketEventFollower(chain.Web3, chain.MarketAddress, chain.Deployment.DeployBlock, new InMemoryBlockchainProgressRepository(), HandlePage);
        // Saved jobs first, so that replaying the logs moves them on instead of starting them afresh.
        foreach (var job in _store.LoadAll())
        {
            _jobs[(job.RequestId, job.Round)] = job;
        }
    }

    public string Name { get; }

    public Address Address => _chain.Account;

    public CircuitBreaker Breaker { get; }

    public JobStore Store => _store;

    /// <summary>Runs until cancelled. Recovers owed work first.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _log.Info("agent_started", ("address", Address), ("capacity", _options.Fleet is null ? _options.Capacity : "the fleet's (capacity_declared)"), ("backend", _engine.BackendName),
            ("breaker", Breaker.State.Open ? "open" : "closed"));
        await CatchUpAsync(cancellationToken).ConfigureAwait(false);
        await RecoverAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await TickAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await DrainBatchesAsync().ConfigureAwait(false);
            Task[] running;
            lock (_gate)
            {
                running = [.. _running.Values];
            }
            try
            {
                await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException)
            {
                // Proofs in flight are abandoned; their jobs are saved and resume on the next start.
            }
            _log.Info("agent_stopped", ("address", Address));
        }
    }

    /// <summary>
    /// One pass: new logs, job transitions, new work, asks, keeper duties, stake. Each stage is
    /// guarded on its own, so that a failure in one (a hostile request, a node hiccup) never keeps
    /// the others from running: promised jobs are delivered whatever new work does.
    /// </summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        if (!await StageAsync("logs", () => CatchUpAsync(cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            // Deciding on a partial view of the logs could act on stale state: wait for the next tick.
            return;
        }
        var now = Now();
        ReloadBreakerIfChanged();
        await StageAsync("jobs", () => AdvanceJobsAsync(now, cancellationToken), cancellationToken).ConfigureAwait(false);
        await StageAsync("settle", () => FlushBatchesAsync(now, cancellationToken), cancellationToken).ConfigureAwait(false);
        await StageAsync("capacity", () => DeclareFleetCapacityAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        await StageAsync("new_work", () => TakeNewWorkAsync(now, cancellationToken), cancellationToken).ConfigureAwait(false);
        await StageAsync("asks", () => MaintainAsksAsync(now, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (_options.Keeper)
        {
            await StageAsync("keeper", () => KeepAsync(now, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        await StageAsync("stake", () => RefreshStakeAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> StageAsync(string stage, Func<Task> run, CancellationToken cancellationToken)
    {
        try
        {
            await run().ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            // A node hiccup or a timeout: log it and try again on the next tick; nothing was decided on partial data.
            _log.Warn("tick_failed", ("stage", stage), ("error", e.Message));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Anything else is a bug or an unexpected revert: keep serving the jobs already promised.
            _log.Error("tick_error", ("stage", stage), ("error", e.GetType().Name + ": " + e.Message));
        }
        return false;
    }

    /// <summary>Failures that say nothing about the request or circuit at hand: the next attempt may succeed.</summary>
    /// <remarks>Nethereum's RPC failures (the follower reads logs through it) count as ours do.</remarks>
    private static bool IsTransient(Exception e) => NodeErrors.IsTransient(e);

    /// <summary>Chain time as the next block will see it: anvil stamps blocks with the wall clock, never going back.</summary>
    private long Now() => Math.Max(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), _headTimestamp);

    public AgentSnapshot Snapshot()
    {
        lock (_gate)
        {
            var jobs = _jobs.Values
                .OrderByDescending(j => j.RequestId).ThenByDescending(j => j.Round)
                .Select(j => new JobView(j.RequestId, j.Round, j.Mechanism, j.Phase, j.Price, j.ProveBy, j.Earned, j.Note))
                .ToList();
            return new AgentSnapshot(
                Name,
                Address.ToString(),
                jobs,
                _queue.Count,
                _queue.Capacity,
                _open.Count,
                _jobs.Values.Where(j => j.Phase == JobPhase.Fulfilled).Aggregate(BigInteger.Zero, (sum, j) => sum + j.Earned),
                _chain.Sender.GasSpent,
                _totalStake,
                _freeStake,
                Breaker.State,
                _head,
                _engine.BackendName,
                _pricer.Model.NanosecondsPerConstraint / 1000.0);
        }
    }

    // ------------------------------------------------------------------ logs

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var head = await _chain.Web3.NumberAsync(cancellationToken).ConfigureAwait(false);
        await _follower.FollowToAsync(head, cancellationToken).ConfigureAwait(false);
        await ReadHeadAsync(head, cancellationToken).ConfigureAwait(false);
    }

    private void HandlePage(IReadOnlyList<MarketEvent> page)
    {
        foreach (var marketEvent in page)
        {
            Handle(marketEvent);
        }
    }

    private async Task ReadHeadAsync(long head, CancellationToken cancellationToken)
    {
        var header = await _chain.Web3.BlockAsync(head, cancellationToken).ConfigureAwait(false);
        _head = head;
        _headTimestamp = header is null ? _headTimestamp : (long)header.Timestamp.Value;
    }

    private void Handle(MarketEvent marketEvent)
    {
        var me = Address;
        switch (marketEvent)
        {
            case RequestSubmitted { Request: var submitted }:
                lock (_gate)
                {
                    _submitted[submitted.Id] = submitted;
                    _open[submitted.Id] = new OpenEntry(submitted);
                }
                break;
            case RequestAssigned assigned:
            {
                var (id, prover, round, proveBy) = (assigned.Id, assigned.Prover, assigned.Round, assigned.ProveBy);
                lock (_gate)
                {
                    _open.Remove(id);
                }
                if (prover == me)
                {
                    OnAssignedToMe(id, round, assigned.Mechanism, assigned.Price, proveBy, assigned.AcceptBy);
                }
                else
                {
                    lock (_gate)
                    {
                        _assignedElsewhere[id] = (prover, proveBy);
                    }
                    UpdateJob(id, round, j => j.Phase is JobPhase.CommitPending or JobPhase.Committed or JobPhase.RevealPending or JobPhase.Revealed or JobPhase.LockPending
                        ? j with { Phase = JobPhase.Lost, Note = $"assigned to {prover}" }
                        : j);
                }
                break;
            }
            case RequestFulfilled fulfilled:
            {
                var (id, prover) = (fulfilled.Id, fulfilled.Prover);
                lock (_gate)
                {
                    _open.Remove(id);
                    _assignedElsewhere.Remove(id);
                }
                if (prover == me)
                {
                    _options.Fleet?.Paid(id, fulfilled.Price, fulfilled.Bounty, fulfilled.TransactionHash.ToString());
                }
                foreach (var key in JobKeys(id))
                {
                    UpdateJob(key.Id, key.Round, j => j.IsTerminal && j.Phase != JobPhase.Failed
                        ? j
                        : prover == me
                            ? j with { Phase = JobPhase.Fulfilled, Earned = fulfilled.Price + fulfilled.Bounty, LastTransaction = fulfilled.TransactionHash.ToString() }
                            : j.Phase == JobPhase.Failed ? j : j with { Phase = JobPhase.Lost, Note = $"fulfilled by {prover}" });
                }
                break;
            }
            case ProverSlashed slashed:
            {
                var id = slashed.Id;
                lock (_gate)
                {
                    _assignedElsewhere.Remove(id);
                }
                if (slashed.Prover == me)
                {
                    foreach (var key in JobKeys(id))
                    {
                        UpdateJob(key.Id, key.Round, j => j.Phase is JobPhase.Fulfilled or JobPhase.Lost or JobPhase.Slashed
                            ? j
                            : j with { Phase = JobPhase.Slashed, Note = $"slashed {slashed.Slashed}" });
                    }
                    if (Breaker.Trip($"slashed on request {id}", DateTimeOffset.UtcNow))
                    {
                        _log.Error("breaker_open", ("reason", $"slashed on request {id}"));
                    }
                }
                break;
            }
            case RequestReopened reopened:
                lock (_gate)
                {
                    if (_submitted.TryGetValue(reopened.Id, out var submitted))
                    {
                        _open[reopened.Id] = new OpenEntry(submitted)
                        {
                            Mechanism = MarketMechanism.Dutch,
                            Round = reopened.Round,
                            MinPrice = reopened.MinPrice,
                            TimeA = reopened.RampStart,
                            TimeB = reopened.RampEnd,
                            Bounty = reopened.Bounty,
                            Excluded = reopened.Excluded,
                        };
                    }
                }
                break;
            case RequestClosed closed:
                lock (_gate)
                {
                    _open.Remove(closed.Id);
                    _assignedElsewhere.Remove(closed.Id);
                }
                foreach (var key in JobKeys(closed.Id))
                {
                    UpdateJob(key.Id, key.Round, j => j.IsTerminal ? j : j with { Phase = JobPhase.Lost, Note = closed.Expired ? "expired" : "cancelled" });
                }
                break;
            case AskPlaced placed when placed.Prover == me:
                lock (_gate)
                {
                    _asks[placed.CircuitId] = (placed.AskId, placed.Expiry);
                }
                break;
            case AskRemoved removed:
                lock (_gate)
                {
                    foreach (var (circuit, ask) in _asks.ToList())
                    {
                        if (ask.AskId == removed.AskId)
                        {
                            _asks.Remove(circuit);
                        }
                    }
                }
                break;
        }
    }

    private List<(BigInteger Id, int Round)> JobKeys(BigInteger id)
    {
        lock (_gate)
        {
            return [.. _jobs.Keys.Where(k => k.Id == id)];
        }
    }

    private void OnAssignedToMe(BigInteger id, int round, MarketMechanism mechanism, BigInteger price, long proveBy, long acceptBy)
    {
        JobRecord job;
        lock (_gate)
        {
            _jobs.TryGetValue((id, round), out var existing);
            if (existing is not null && existing.Phase is not (JobPhase.CommitPending or JobPhase.Committed or JobPhase.RevealPending or JobPhase.Revealed or JobPhase.LockPending))
            {
                return;
            }
            _submitted.TryGetValue(id, out var submitted);
            job = (existing ?? NewJob(id, round, mechanism, submitted)) with { Phase = JobPhase.Assigned, Price = price, ProveBy = proveBy, AcceptBy = acceptBy };
            _jobs[(id, round)] = job;
        }
        _store.Save(job);
        var ticket = TicketFor(job, Now());
        if (!_queue.Contains(id))
        {
            // An orderbook match is not our decision: it is a promise made by our standing ask.
            _queue.Restore(ticket);
        }
        else
        {
            _queue.Update(ticket);
        }
        _log.Info("assigned", ("request", id), ("round", round), ("mechanism", mechanism), ("price", price), ("proveBy", proveBy));
    }

    private JobRecord NewJob(BigInteger id, int round, MarketMechanism mechanism, SubmittedRequest? submitted) => new()
    {
        RequestId = id,
        Round = round,
        Mechanism = mechanism,
        Phase = JobPhase.Assigned,
        CircuitId = submitted?.CircuitId.ToString() ?? Hash32.Zero.ToString(),
        Deadline = submitted?.Terms.Deadline ?? 0,
        ProvingWindowSeconds = submitted?.Terms.ProvingWindow ?? 0,
        CommitDeadline = submitted?.Terms.CommitDeadline ?? 0,
        RevealDeadline = submitted?.Terms.RevealDeadline ?? 0,
        PublicInputs = submitted is null ? [] : [.. submitted.Terms.PublicInputs.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))],
    };

    /// <summary>Applies <paramref name="change"/> to a job and saves it if it changed.</summary>
    private JobRecord? UpdateJob(BigInteger id, int round, Func<JobRecord, JobRecord> change)
    {
        JobRecord updated;
        lock (_gate)
        {
            if (!_jobs.TryGetValue((id, round), out var job))
            {
                return null;
            }
            updated = change(job);
            if (ReferenceEquals(updated, job))
            {
                return job;
            }
            _jobs[(id, round)] = updated;
        }
        _store.Save(updated);
        if (updated.IsTerminal)
        {
            _queue.Release(id);
            _log.Info("job_" + updated.Phase.ToString().ToLowerInvariant(), ("request", id), ("round", round), ("earned", updated.Earned), ("note", updated.Note));
        }
        return updated;
    }

    private void Save(JobRecord job)
    {
        lock (_gate)
        {
            _jobs[(job.RequestId, job.Round)] = job;
        }
        _store.Save(job);
    }

    private JobTicket TicketFor(JobRecord job, long now)
    {
        var constraints = job.Constraints;
        // In-process proofs plan with the time real proofs take now (a CPU hog slows them), never
        // less than the start-up calibration; a fleet plans with its workers' measured speed.
        var time = _options.Fleet?.ProvingTime(job.CircuitId) ?? _provingTimes.Planned(job.CircuitId, _pricer.Model.ProvingTime(constraints));
        return job.Phase switch
        {
            JobPhase.CommitPending or JobPhase.Committed or JobPhase.RevealPending or JobPhase.Revealed => new JobTicket
            {
                RequestId = job.RequestId,
                ProvingTime = time,
                ReleaseAt = job.RevealDeadline,
                DueBy = job.RevealDeadline + job.ProvingWindowSeconds,
            },
            // A proof in hand (held for a batch, being sent): it keeps its slot but no prover.
            JobPhase.Proved or JobPhase.FulfilPending or JobPhase.ProofCommitPending or JobPhase.ProofCommitted => new JobTicket
            {
                RequestId = job.RequestId,
                ProvingTime = time,
                ReleaseAt = now,
                DueBy = job.ProveBy > 0 ? job.ProveBy : job.Deadline,
                Proved = true,
            },
            _ => new JobTicket
            {
                RequestId = job.RequestId,
                ProvingTime = time,
                ReleaseAt = now,
                DueBy = job.ProveBy > 0 ? job.ProveBy : job.Deadline,
            },
        };
    }

    private void ReloadBreakerIfChanged()
    {
        if (DateTime.UtcNow - _breakerFileCheckedAt < TimeSpan.FromSeconds(2))
        {
            return;
        }
        _breakerFileCheckedAt = DateTime.UtcNow;
        var onDisk = _store.LoadBreaker();
        if (onDisk.Open != Breaker.State.Open)
        {
            // The operator ran `omkt prover reset` (or another tool opened it).
            Breaker.Adopt(onDisk);
            _log.Info(onDisk.Open ? "breaker_open" : "breaker_reset", ("reason", onDisk.Reason));
        }
    }

    private async Task RefreshStakeAsync(CancellationToken cancellationToken)
    {
        if (DateTime.UtcNow - _stakeReadAt < TimeSpan.FromSeconds(3))
        {
            return;
        }
        _stakeReadAt = DateTime.UtcNow;
        _totalStake = await _chain.TotalStakeAsync(Address, cancellationToken).ConfigureAwait(false);
        _freeStake = await _chain.FreeStakeAsync(Address, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Task[] running;
        lock (_gate)
        {
            running = [.. _running.Values];
        }
        try
        {
            await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Saved jobs resume on the next start.
        }
        _workers.Dispose();
    }
}
