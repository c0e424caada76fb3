using System.Numerics;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Market;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Agent.Scheduling;
using OnchainMarket.Agent.State;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Agent;

/// <summary>Restart recovery, standing asks and keeper duties.</summary>
public sealed partial class ProverAgent
{
    /// <summary>
    /// Brings every saved, unfinished job in line with the chain. A "...Pending" phase means the
    /// transaction may or may not have been sent: the chain says which, and what is still owed
    /// is done again with the saved values (the same salt gives the same commitment).
    /// </summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var now = Now();
        List<JobRecord> unfinished;
        lock (_gate)
        {
            // Loaded from the store, then moved on by the replayed logs (assigned, lost, fulfilled).
            unfinished = [.. _jobs.Values.Where(j => !j.IsTerminal).OrderBy(j => j.RequestId)];
        }
        foreach (var job in unfinished)
        {
            _log.Info("job_recovered", ("request", job.RequestId), ("round", job.Round), ("phase", job.Phase));
            switch (job.Phase)
            {
                case JobPhase.CommitPending:
                    if (await _chain.HasPendingBidAsync(job.RequestId, Address, cancellationToken).ConfigureAwait(false))
                    {
                        UpdateJob(job.RequestId, job.Round, j => j with { Phase = JobPhase.Committed });
                    }
                    else if (now < job.CommitDeadline)
                    {
                        _queue.Restore(TicketFor(job, now));
                        await SendCommitAsync(job, cancellationToken).ConfigureAwait(false);
                        _log.Info("bid_committed", ("request", job.RequestId), ("price", job.Price), ("recovered", true));
                        continue;
                    }
                    else
                    {
                        UpdateJob(job.RequestId, job.Round, j => j with { Phase = JobPhase.Lost, Note = "the commit never landed and its window closed" });
                    }
                    break;
                case JobPhase.RevealPending:
                    if (!await _chain.HasPendingBidAsync(job.RequestId, Address, cancellationToken).ConfigureAwait(false))
                    {
                        UpdateJob(job.RequestId, job.Round, j => j.Phase == JobPhase.RevealPending ? j with { Phase = JobPhase.Revealed } : j);
                    }
                    else
                    {
                        // Still hidden: the reveal is sent again by the normal flow.
                        UpdateJob(job.RequestId, job.Round, j => j.Phase == JobPhase.RevealPending ? j with { Phase = JobPhase.Committed } : j);
                    }
                    break;
                case JobPhase.LockPending:
                case JobPhase.Assigned:
                case JobPhase.Proved:
                case JobPhase.FulfilPending:
                case JobPhase.ProofCommitPending:
                case JobPhase.ProofCommitted:
                    if (job.Mechanism != MarketMechanism.Race)
                    {
                        var state = await _chain.GetRequestAsync(job.RequestId, cancellationToken).ConfigureAwait(false);
                        var mine = state.Prover == Address && state.Round == job.Round;
                        if (state.Status == RequestStatus.Fulfilled)
                        {
                            UpdateJob(job.RequestId, job.Round, j => j with { Phase = mine ? JobPhase.Fulfilled : JobPhase.Lost, Earned = mine ? state.Price : j.Earned });
                        }
                        else if (state.Status == RequestStatus.Assigned && mine)
                        {
                            if (job.Phase == JobPhase.LockPending)
                            {
                                UpdateJob(job.RequestId, job.Round, j => j with { Phase = JobPhase.Assigned, Price = state.Price, ProveBy = state.ProveBy });
                            }
                        }
                        else
                        {
                            UpdateJob(job.RequestId, job.Round, j => j with { Phase = JobPhase.Lost, Note = $"request is {state.Status} (round {state.Round})" });
                        }
                    }
                    break;
            }
            var current = Job(job.RequestId, job.Round);
            if (current is not null && !current.IsTerminal)
            {
                _queue.Restore(TicketFor(current, now));
            }
        }
    }

    /// <summary>
    /// With a fleet: declares on chain (and to the feasibility queue) the capacity its live, unbarred
    /// workers give, up to the operator's ceiling and never below the jobs held (<see cref="FleetCapacity"/>),
    /// so the market assigns this operator no more than its workers can prove.
    /// </summary>
    private async Task DeclareFleetCapacityAsync(CancellationToken cancellationToken)
    {
        if (_options.Fleet is not { } fleet)
        {
            return;
        }
        var figure = FleetCapacity.Figure(fleet.LiveWorkers, _options.Capacity, _queue.Count);
        var now = DateTimeOffset.UtcNow;
        if (!FleetCapacity.Due(figure, _declaredCapacity, _capacityDeclaredAt, now, _options.FleetCapacityInterval))
        {
            return;
        }
        var onChain = await _chain.OperatorStateAsync(Address, cancellationToken).ConfigureAwait(false);
        // The chain's count of assignments is the floor too (a job the agent has not yet seen assigned).
        figure = FleetCapacity.Figure(fleet.LiveWorkers, _options.Capacity, (int)Math.Max(_queue.Count, onChain.Active));
        if (onChain.MaxConcurrent != figure)
        {
            await _chain.SetCapacityAsync(figure, cancellationToken).ConfigureAwait(false);
            _log.Info("capacity_declared", ("capacity", figure), ("was", onChain.MaxConcurrent), ("liveWorkers", fleet.LiveWorkers), ("held", _queue.Count));
        }
        _declaredCapacity = figure;
        _capacityDeclaredAt = now;
        _queue.Limit(figure);
    }

    /// <summary>
    /// Keeps one live ask per circuit this prover serves at its reservation price, and withdraws
    /// them while the queue is full so that a match never lands on a prover without room.
    /// </summary>
    private async Task MaintainAsksAsync(long now, CancellationToken cancellationToken)
    {
        if (!_options.PlaceAsks)
        {
            return;
        }
        var hasRoom = Breaker.AllowsNewWork && FleetHasRoom() && _queue.Count < _queue.Capacity;
        List<(Hash32 Circuit, (ulong AskId, long Expiry) Ask)> asks;
        lock (_gate)
        {
            asks = [.. _asks.Select(a => (a.Key, a.Value))];
        }
        if (!hasRoom)
        {
            foreach (var (circuit, ask) in asks)
            {
                try
                {
                    await _chain.CancelAskAsync(ask.AskId, cancellationToken).ConfigureAwait(false);
                    _log.Info("ask_cancelled", ("circuit", circuit), ("ask", ask.AskId), ("reason", Breaker.AllowsNewWork ? "queue full" : "breaker open"));
                }
                catch (ContractRevertException)
                {
                    // Already gone (expired or pruned).
                }
                lock (_gate)
                {
                    _asks.Remove(circuit);
                }
            }
            return;
        }

        var gasPrice = BigInteger.Zero;
        foreach (var circuit in Deployment().Circuits)
        {
            var id = Hash32.Parse(circuit.CircuitId);
            bool live;
            lock (_gate)
            {
                live = _asks.TryGetValue(id, out var ask) && ask.Expiry > now + 30;
            }
            if (live)
            {
                continue;
            }
            var files = Circuit(id, out _);
            if (files is null || !KeyMatches(files))
            {
                continue;
            }
            if (gasPrice.IsZero)
            {
                gasPrice = await GasPriceAsync(cancellationToken).ConfigureAwait(false);
            }
            var price = _pricer.Quote(files.Constraints, MarketMechanism.Orderbook, gasPrice).Reservation;
            try
            {
                // The ask binds what a match may demand: no more collateral than the stake free now
                // (the market requires it to be backed), no window shorter than the safety margin.
                var freeStake = await _chain.FreeStakeAsync(Address, cancellationToken).ConfigureAwait(false);
                var offer = new AskOffer
                {
                    CircuitId = id,
                    Price = price,
                    Expiry = now + (long)_options.AskLifetime.TotalSeconds,
                    MaxCollateral = freeStake,
                    MinProvingWindow = Math.Max(1, 2 * _options.SafetySeconds),
                    MaxCallbackGas = _options.AskMaxCallbackGas,
                    AcceptWindow = _options.AskAcceptWindow,
                };
                var (askId, receipt) = await _chain.PlaceAskAsync(offer, cancellationToken).ConfigureAwait(false);
                lock (_gate)
                {
                    _asks[id] = (askId, now + (long)_options.AskLifetime.TotalSeconds);
                }
                _log.Info("ask_placed", ("circuit", files.Name), ("ask", askId), ("price", price));
                // A new ask may match resting requests at once.
                foreach (var assigned in _chain.EventsOf(receipt).OfType<RequestAssigned>().Where(a => a.Prover == Address))
                {
                    lock (_gate)
                    {
                        _open.Remove(assigned.Id);
                    }
                    OnAssignedToMe(assigned.Id, assigned.Round, MarketMechanism.Orderbook, assigned.Price, assigned.ProveBy, assigned.AcceptBy);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // One circuit's ask failing never keeps the others from being placed.
                _log.Warn("ask_failed", ("circuit", files.Name), ("error", e is ContractRevertException r ? r.ErrorName ?? r.Message : e.Message));
            }
        }
    }

    private Deployment Deployment() => _chain.Deployment;

    /// <summary>An ask promises proofs for any request of the circuit: never for a circuit whose proving key does not match its id.</summary>
    private bool KeyMatches(CircuitFiles files)
    {
        var failure = _preflight.KeyFailure(files);
        if (failure is null || failure.Length == 0)
        {
            return failure is not null;
        }
        bool first;
        lock (_gate)
        {
            first = _askRefused.Add(files.CircuitId);
        }
        if (first)
        {
            _log.Warn("ask_refused", ("circuit", files.CircuitId), ("reason", failure));
        }
        return false;
    }

    /// <summary>
    /// Keeper duties anyone may perform: slash a prover whose window ended without a proof (which
    /// re-opens the request for a rescuer), finalize sealed-bid auctions whose reveal window ended.
    /// A duty someone else did first reverts in gas estimation and costs nothing.
    /// </summary>
    private async Task KeepAsync(long now, CancellationToken cancellationToken)
    {
        List<BigInteger> late;
        List<BigInteger> toFinalize;
        lock (_gate)
        {
            late = [.. _assignedElsewhere.Where(a => now > a.Value.ProveBy + 1 && !_keeperGaveUp.Contains(a.Key)).Select(a => a.Key)];
            toFinalize = [.. _open.Values
                .Where(e => e.Mechanism == MarketMechanism.SealedBid && e.Round == 0 && now > e.Submitted.Terms.RevealDeadline + 2 && !_keeperGaveUp.Contains(e.Id))
                .Select(e => e.Id)];
        }
        foreach (var id in late)
        {
            try
            {
                await _chain.SlashAsync(id, cancellationToken).ConfigureAwait(false);
                _log.Info("keeper_slashed", ("request", id));
            }
            catch (ContractRevertException)
            {
                // Fulfilled at the last moment, or already slashed.
            }
            lock (_gate)
            {
                _assignedElsewhere.Remove(id);
            }
        }
        foreach (var id in toFinalize)
        {
            try
            {
                await _chain.FinalizeAsync(id, cancellationToken).ConfigureAwait(false);
                _log.Info("keeper_finalized", ("request", id));
            }
            catch (ContractRevertException)
            {
                lock (_gate)
                {
                    _keeperGaveUp.Add(id);
                }
            }
        }
    }
}
