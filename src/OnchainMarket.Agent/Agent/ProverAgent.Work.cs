using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Market;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Agent.State;
using OnchainMarket.Agent.Strategy;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Contracts.ProofMarket.ContractDefinition;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Agent;

/// <summary>Taking work, moving jobs along, proving and delivering.</summary>
public sealed partial class ProverAgent
{
    // ------------------------------------------------------------------ new work

    private async Task TakeNewWorkAsync(long now, CancellationToken cancellationToken)
    {
        if (!Breaker.AllowsNewWork || !FleetHasRoom())
        {
            return;
        }
        List<OpenEntry> candidates;
        lock (_gate)
        {
            candidates = [.. _open.Values.Where(e => e.DecidedRound != e.Round && e.Excluded != Address && (e.WaitUntil is null || e.WaitUntil <= now)
                && !_jobs.ContainsKey((e.Id, e.Round)))];
        }
        if (candidates.Count == 0)
        {
            return;
        }
        var gasPrice = await GasPriceAsync(cancellationToken).ConfigureAwait(false);
        foreach (var entry in candidates.OrderBy(e => e.Id))
        {
            if (!Breaker.AllowsNewWork)
            {
                return;
            }
            try
            {
                await ConsiderAsync(entry, gasPrice, now, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                entry.WaitUntil = now + 5;
                _log.Warn("request_retry", ("request", entry.Id), ("error", e.Message));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // This request's failure, not the loop's: it is skipped, every other candidate is still considered.
                entry.DecidedRound = entry.Round;
                _log.Warn("request_skipped", ("request", entry.Id), ("round", entry.Round), ("error", e.GetType().Name + ": " + e.Message));
            }
        }
    }

    private async Task ConsiderAsync(OpenEntry entry, BigInteger gasPrice, long now, CancellationToken cancellationToken)
    {
        var circuit = Circuit(entry.Submitted.CircuitId, out var pending);
        if (circuit is null)
        {
            if (pending)
            {
                // Resolving off the loop: look again on a later tick.
                entry.WaitUntil = now + 1;
            }
            else
            {
                entry.DecidedRound = entry.Round;
                _log.Info("request_decided", ("request", entry.Id), ("round", entry.Round), ("action", BidAction.Skip),
                    ("reason", "circuit unusable: " + _resolver.FailureOf(entry.Submitted.CircuitId)));
            }
            return;
        }
        var terms = entry.Submitted.Terms;
        if (entry.Mechanism == MarketMechanism.Dutch && entry.TimeB == 0)
        {
            // The ramp starts at submission: its times are in storage, not in the event.
            var state = await _chain.GetRequestAsync(entry.Id, cancellationToken).ConfigureAwait(false);
            entry.TimeA = state.TimeA;
            entry.TimeB = state.TimeB;
            entry.MinPrice = state.MinPrice;
        }
        var quote = _pricer.Quote(circuit.Constraints, entry.Mechanism, gasPrice, terms.CallbackGasLimit);
        if (_options.Fleet is null)
        {
            // The window check in the strategy uses the time proofs take here now, not only at start.
            quote = quote with { ProvingTime = _provingTimes.Planned(entry.Submitted.CircuitId.ToString(), quote.ProvingTime) };
        }
        var request = new OpenRequest
        {
            Id = entry.Id,
            Mechanism = entry.Mechanism,
            Constraints = circuit.Constraints,
            MaxPrice = terms.MaxPrice,
            MinPrice = entry.MinPrice,
            RequiredCollateral = terms.RequiredCollateral,
            TimeA = entry.TimeA,
            TimeB = entry.TimeB,
            ProvingWindowSeconds = terms.ProvingWindow,
            Deadline = terms.Deadline,
            Bounty = entry.Bounty,
        };
        var decision = _strategy.Decide(request, quote, now);
        switch (decision.Action)
        {
            case BidAction.Skip:
            case BidAction.RestOnAsk:
                entry.DecidedRound = entry.Round;
                _log.Info("request_decided", ("request", entry.Id), ("round", entry.Round), ("mechanism", entry.Mechanism), ("action", decision.Action),
                    ("reservation", quote.Reservation), ("maxPrice", terms.MaxPrice), ("reason", decision.Reason));
                break;
            case BidAction.WaitUntil:
                entry.WaitUntil = decision.At;
                // Start the pre-flight now, so that it is done when the ramp reaches our price.
                _preflight.TryGet(entry.Submitted, circuit);
                break;
            case BidAction.CommitBid or BidAction.Lock or BidAction.Race when !PreflightPassed(entry, circuit, now):
                break;
            case BidAction.CommitBid:
                entry.DecidedRound = entry.Round;
                Retry(entry, now, await CommitBidAsync(entry, circuit, decision.Price, quote, now, cancellationToken).ConfigureAwait(false));
                break;
            case BidAction.Lock:
                entry.DecidedRound = entry.Round;
                Retry(entry, now, await LockAsync(entry, circuit, decision.Price, quote, now, cancellationToken).ConfigureAwait(false));
                break;
            case BidAction.Race:
                entry.DecidedRound = entry.Round;
                Retry(entry, now, Race(entry, circuit, now));
                break;
        }
    }

    /// <summary>
    /// Whether the request passed its pre-flight; while it runs the request is looked at again
    /// next tick, and a failed one is skipped for good (no commitment, so no slash).
    /// </summary>
    private bool PreflightPassed(OpenEntry entry, CircuitFiles circuit, long now)
    {
        var outcome = _preflight.TryGet(entry.Submitted, circuit);
        if (outcome is null)
        {
            entry.WaitUntil = now + 1;
            return false;
        }
        if (!outcome.Passed)
        {
            entry.DecidedRound = entry.Round;
            _log.Info("request_decided", ("request", entry.Id), ("round", entry.Round), ("mechanism", entry.Mechanism), ("action", BidAction.Skip),
                ("reason", "pre-flight failed: " + outcome.Reason));
            return false;
        }
        return true;
    }

    /// <summary>A request declined for lack of room (capacity, deadlines, stake) is looked at again shortly.</summary>
    private static void Retry(OpenEntry entry, long now, bool taken)
    {
        if (!taken)
        {
            entry.DecidedRound = null;
            entry.WaitUntil = now + 2;
        }
    }

    private Task<BigInteger> GasPriceAsync(CancellationToken cancellationToken) => _chain.Sender.GasPriceAsync(cancellationToken);

    /// <summary>A circuit's files if resolved; null while it resolves off the loop, or when it is unusable.</summary>
    private CircuitFiles? Circuit(Hash32 circuitId, out bool pending) => _resolver.TryGet(circuitId, out pending);

    private JobRecord Draft(OpenEntry entry, CircuitFiles circuit, MarketMechanism mechanism, JobPhase phase, BigInteger price) => new()
    {
        RequestId = entry.Id,
        Round = entry.Round,
        Mechanism = mechanism,
        Phase = phase,
        CircuitId = circuit.CircuitId.ToString(),
        Constraints = circuit.Constraints,
        Price = price,
        CommitDeadline = entry.Submitted.Terms.CommitDeadline,
        RevealDeadline = entry.Submitted.Terms.RevealDeadline,
        ProvingWindowSeconds = entry.Submitted.Terms.ProvingWindow,
        Deadline = entry.Submitted.Terms.Deadline,
        PublicInputs = [.. entry.Submitted.Terms.PublicInputs.Select(v => v.ToString(CultureInfo.InvariantCulture))],
    };

    private async Task<bool> CommitBidAsync(OpenEntry entry, CircuitFiles circuit, BigInteger price, PriceQuote quote, long now, CancellationToken cancellationToken)
    {
        if (!await EligibleAsync(entry, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        var salt = new Hash32(RandomNumberGenerator.GetBytes(32));
        var job = Draft(entry, circuit, MarketMechanism.SealedBid, JobPhase.CommitPending, price) with
        {
            Salt = salt.ToString(),
            Bond = entry.Submitted.BidBond,
        };
        var admission = _queue.TryAdmit(TicketFor(job, now), now);
        if (!admission.Accepted)
        {
            _log.Info("request_declined", ("request", entry.Id), ("reason", admission.Reason));
            return false;
        }
        // Salt and price reach the disk before the commitment can reach the chain: without them the
        // bid can never be revealed and its bond is lost.
        Save(job);
        _options.CrashPoint?.Invoke("commit_persisted", entry.Id);
        await SendCommitAsync(job, cancellationToken).ConfigureAwait(false);
        _log.Info("bid_committed", ("request", entry.Id), ("price", price), ("reservation", quote.Reservation), ("bond", job.Bond));
        return true;
    }

    private async Task SendCommitAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var commitment = MarketContracts.BidCommitment(job.RequestId, Address, job.Price, Hash32.Parse(job.Salt!));
        try
        {
            var receipt = await _chain.CommitBidAsync(job.RequestId, commitment, job.Bond, cancellationToken: cancellationToken).ConfigureAwait(false);
            UpdateJob(job.RequestId, job.Round, j => j with { Phase = JobPhase.Committed, LastTransaction = receipt.TransactionHash.ToString() });
            _options.CrashPoint?.Invoke("bid_committed", job.RequestId);
        }
        catch (ContractRevertException e)
        {
            UpdateJob(job.RequestId, job.Round, j => j with { Phase = JobPhase.Lost, Note = $"commit reverted: {e.ErrorName ?? e.Message}" });
        }
    }

    private async Task<bool> EligibleAsync(OpenEntry entry, CancellationToken cancellationToken)
    {
        var eligible = await _chain.IsEligibleAsync(Address, entry.Submitted.Terms.RequiredCollateral, cancellationToken).ConfigureAwait(false);
        if (!eligible)
        {
            _log.Info("request_declined", ("request", entry.Id), ("reason", "not eligible on chain (capacity, cooldown or free stake)"));
        }
        return eligible;
    }

    private async Task<bool> LockAsync(OpenEntry entry, CircuitFiles circuit, BigInteger price, PriceQuote quote, long now, CancellationToken cancellationToken)
    {
        var job = Draft(entry, circuit, entry.Mechanism, JobPhase.LockPending, price) with { ProveBy = now + entry.Submitted.Terms.ProvingWindow };
        var admission = _queue.TryAdmit(TicketFor(job, now), now);
        if (!admission.Accepted)
        {
            _log.Info("request_declined", ("request", entry.Id), ("reason", admission.Reason));
            return false;
        }
        if (!await EligibleAsync(entry, cancellationToken).ConfigureAwait(false))
        {
            _queue.Release(entry.Id);
            return false;
        }
        Save(job);
        try
        {
            var receipt = await _chain.LockAsync(entry.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var assigned in _chain.EventsOf(receipt).OfType<RequestAssigned>())
            {
                lock (_gate)
                {
                    _open.Remove(entry.Id);
                }
                OnAssignedToMe(assigned.Id, assigned.Round, entry.Mechanism, assigned.Price, assigned.ProveBy, assigned.AcceptBy);
            }
            _log.Info("locked", ("request", entry.Id), ("reservation", quote.Reservation), ("bounty", entry.Bounty));
        }
        catch (ContractRevertException e)
        {
            UpdateJob(entry.Id, entry.Round, j => j.Phase == JobPhase.LockPending ? j with { Phase = JobPhase.Lost, Note = $"lock reverted: {e.ErrorName ?? e.Message}" } : j);
        }
        return true;
    }

    private bool Race(OpenEntry entry, CircuitFiles circuit, long now)
    {
        var job = Draft(entry, circuit, MarketMechanism.Race, JobPhase.Assigned, entry.Submitted.Terms.MaxPrice) with { ProveBy = entry.Submitted.Terms.Deadline };
        var admission = _queue.TryAdmit(TicketFor(job, now), now);
        if (!admission.Accepted)
        {
            _log.Info("request_declined", ("request", entry.Id), ("reason", admission.Reason));
            return false;
        }
        Save(job);
        _log.Info("racing", ("request", entry.Id), ("maxPrice", entry.Submitted.Terms.MaxPrice));
        return true;
    }

    // ------------------------------------------------------------------ jobs in flight

    private async Task AdvanceJobsAsync(long now, CancellationToken cancellationToken)
    {
        List<JobRecord> jobs;
        lock (_gate)
        {
            jobs = [.. _jobs.Values.Where(j => !j.IsTerminal)];
        }
        foreach (var job in jobs)
        {
            switch (job.Phase)
            {
                case JobPhase.Committed when now > job.CommitDeadline:
                    if (now > job.RevealDeadline)
                    {
                        UpdateJob(job.RequestId, job.Round, j => j with { Phase = JobPhase.Lost, Note = "missed the reveal window" });
                        break;
                    }
                    Save(job with { Phase = JobPhase.RevealPending });
                    await SendRevealAsync(job, cancellationToken).ConfigureAwait(false);
                    break;
                case JobPhase.Revealed when now > job.RevealDeadline:
                    await TryFinalizeAsync(job.RequestId, cancellationToken).ConfigureAwait(false);
                    break;
                case JobPhase.Assigned:
                case JobPhase.Proved:
                case JobPhase.ProofCommitted:
                case JobPhase.FulfilPending:
                case JobPhase.ProofCommitPending:
                    StartDelivery(job);
                    break;
            }
        }
    }

    private async Task SendRevealAsync(JobRecord job, CancellationToken cancellationToken)
    {
        try
        {
            var receipt = await _chain.RevealBidAsync(job.RequestId, job.Price, Hash32.Parse(job.Salt!), cancellationToken: cancellationToken).ConfigureAwait(false);
            UpdateJob(job.RequestId, job.Round, j => j.Phase == JobPhase.RevealPending ? j with { Phase = JobPhase.Revealed, LastTransaction = receipt.TransactionHash.ToString() } : j);
            _log.Info("bid_revealed", ("request", job.RequestId), ("price", job.Price));
        }
        catch (ContractRevertException e)
        {
            UpdateJob(job.RequestId, job.Round, j => j with { Phase = JobPhase.Lost, Note = $"reveal reverted: {e.ErrorName ?? e.Message}" });
        }
    }

    private async Task TryFinalizeAsync(BigInteger id, CancellationToken cancellationToken)
    {
        try
        {
            await _chain.FinalizeAsync(id, cancellationToken).ConfigureAwait(false);
            _log.Info("auction_finalized", ("request", id));
        }
        catch (ContractRevertException)
        {
            // Someone else finalized first; the assignment event tells the outcome.
        }
    }

    private void StartDelivery(JobRecord job)
    {
        lock (_gate)
        {
            var key = (job.RequestId, job.Round);
            if (_running.TryGetValue(key, out var task) && !task.IsCompleted)
            {
                return;
            }
            _running[key] = Task.Run(() => DeliverAsync(job.RequestId, job.Round, CancellationToken.None));
        }
    }

    private JobRecord? Job(BigInteger id, int round)
    {
        lock (_gate)
        {
            return _jobs.GetValueOrDefault((id, round));
        }
    }

    /// <summary>Proves (unless a proof is saved), then delivers: fulfil, or commit-then-reveal for a race.</summary>
    private async Task DeliverAsync(BigInteger id, int round, CancellationToken cancellationToken)
    {
        try
        {
            var job = Job(id, round);
            if (job is null || job.IsTerminal)
            {
                return;
            }
            if (job.Mechanism != MarketMechanism.Race && job.Phase == JobPhase.Assigned)
            {
                // A replayed assignment may be long settled: trust the chain, not the log history.
                var state = await _chain.GetRequestAsync(id, cancellationToken).ConfigureAwait(false);
                if (state.Status != RequestStatus.Assigned || state.Prover != Address || state.Round != round)
                {
                    UpdateJob(id, round, j => j.IsTerminal ? j : j with
                    {
                        Phase = state.Status == RequestStatus.Fulfilled && state.Prover == Address ? JobPhase.Fulfilled : JobPhase.Lost,
                        Earned = state.Status == RequestStatus.Fulfilled && state.Prover == Address ? state.Price : j.Earned,
                        Note = $"request is {state.Status}",
                    });
                    return;
                }
            }

            if (job.Proof is null && job.AcceptBy != 0 && !await AcceptMatchAsync(job, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
            if (job.Proof is null)
            {
                job = await ProveAsync(job, cancellationToken).ConfigureAwait(false);
                if (job is null)
                {
                    return;
                }
            }
            if (job.Mechanism == MarketMechanism.Race)
            {
                await DeliverRaceAsync(job, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await SettleAsync(job, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is TransactionDroppedException || (e is not OperationCanceledException && NodeErrors.IsTransient(e)))
        {
            // Transient: the job stays where it is and the next tick retries it.
            _log.Warn("delivery_retry", ("request", id), ("error", e.Message));
        }
        catch (Exception e)
        {
            _log.Error("delivery_failed", ("request", id), ("error", e.Message));
            UpdateJob(id, round, j => j.IsTerminal ? j : j with { Phase = JobPhase.Failed, Note = e.Message });
            Breaker.Trip($"request {id}: {e.Message}", DateTimeOffset.UtcNow);
        }
    }

    private async Task<JobRecord?> ProveAsync(JobRecord job, CancellationToken cancellationToken)
    {
        if (_options.FailJob?.Invoke(job.RequestId) == true)
        {
            // Injected fault: behave like a prover whose hardware died mid-job. It will be slashed.
            _log.Error("proving_failed", ("request", job.RequestId), ("error", "injected fault: the prover drops this job"));
            UpdateJob(job.RequestId, job.Round, j => j with { Phase = JobPhase.Failed, Note = "injected fault: job dropped" });
            if (Breaker.Trip($"proving failed on request {job.RequestId}", DateTimeOffset.UtcNow))
            {
                _log.Error("breaker_open", ("reason", $"proving failed on request {job.RequestId}"));
            }
            return null;
        }

        SubmittedRequest? submitted;
        lock (_gate)
        {
            _submitted.TryGetValue(job.RequestId, out submitted);
        }
        if (submitted is null)
        {
            throw new InvalidOperationException($"request {job.RequestId}'s submission was not found in the logs");
        }
        var circuit = await _resolver.ResolveAsync(submitted.CircuitId, cancellationToken).ConfigureAwait(false);
        var input = _preflight.VerifiedInput(job.RequestId) ?? await WitnessInputAsync(submitted.Terms, cancellationToken).ConfigureAwait(false);
        // The generator gets the time left to this job, not more: a slow one cannot hold the worker past the deadline.
        var budget = TimeSpan.FromSeconds(Math.Clamp((job.ProveBy > 0 ? job.ProveBy : job.Deadline) - Now(), 1, 24 * 3600));

        if (_options.Fleet is { } fleet)
        {
            _log.Info("proving_queued", ("request", job.RequestId), ("circuit", circuit.Name), ("liveWorkers", fleet.LiveWorkers));
            _queue.Update(TicketFor(job, Now()) with { StartedAt = Now() });
            var fromFleet = await fleet.ProveAsync(new RemoteProofRequest(job.RequestId, job.Round, submitted.CircuitId.ToString(), input,
                submitted.Terms.PublicInputs, job.ProveBy > 0 ? job.ProveBy : job.Deadline, Now()), cancellationToken).ConfigureAwait(false);
            return Proved(job, fromFleet);
        }

        await _workers.WaitAsync(cancellationToken).ConfigureAwait(false);
        ProvedJob proved;
        try
        {
            var started = Now();
            _queue.Update(TicketFor(job, started) with { StartedAt = started });
            _log.Info("proving", ("request", job.RequestId), ("circuit", circuit.Name), ("constraints", circuit.Constraints));
            proved = await Task.Run(() => _engine.Prove(circuit, input, submitted.Terms.PublicInputs, budget, _options.MaxWitnessMemoryBytes, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _workers.Release();
        }
        _provingTimes.Observe(job.CircuitId, proved.Elapsed);
        _log.Info("proving_estimate", ("circuit", circuit.Name), ("seconds", _provingTimes.For(job.CircuitId)!.Value.TotalSeconds));
        return Proved(job, proved);
    }

    private JobRecord Proved(JobRecord job, ProvedJob proved)
    {
        _log.Info("proved", ("request", job.RequestId), ("seconds", proved.Elapsed.TotalSeconds));
        var withProof = job with
        {
            Phase = JobPhase.Proved,
            Proof = [.. Injected(job.RequestId, proved.Proof).Select(v => v.ToString(CultureInfo.InvariantCulture))],
        };
        Save(withProof);
        // The proof is in hand: its slot stays taken until it settles, its prover is free for the next job.
        _queue.Update(TicketFor(withProof, Now()));
        return withProof;
    }

    /// <summary>Fault injection: a wrong proof (A and C swapped: valid points, failed pairing) for a job the options name.</summary>
    private IReadOnlyList<BigInteger> Injected(BigInteger requestId, IReadOnlyList<BigInteger> proof) =>
        _options.CorruptProof?.Invoke(requestId) == true ? [proof[6], proof[7], .. proof.Skip(2).Take(4), proof[0], proof[1]] : proof;

    /// <summary>
    /// Without a fleet, always. With one: some worker is alive and none of the queued work waits
    /// for a worker; the feasibility queue then plans with the live workers, not a flag.
    /// </summary>
    private bool FleetHasRoom()
    {
        if (_options.Fleet is not { } fleet)
        {
            return true;
        }
        var room = fleet.LiveWorkers > 0 && !fleet.Saturated;
        if (room)
        {
            _queue.Resize(fleet.LiveWorkers);
        }
        if (room != _fleetHadRoom)
        {
            _fleetHadRoom = room;
            _log.Info(room ? "fleet_has_room" : "fleet_full", ("liveWorkers", fleet.LiveWorkers), ("saturated", fleet.Saturated));
        }
        return room;
    }

    private async Task<string> WitnessInputAsync(RequestTerms terms, CancellationToken cancellationToken)
    {
        if (terms.WitnessInline.Length > 0)
        {
            return System.Text.Encoding.UTF8.GetString(terms.WitnessInline);
        }
        var bytes = await _circuits.Fetcher.FetchBytesAsync(terms.WitnessUri, _circuits.Policy.MaxInputBytes, cancellationToken).ConfigureAwait(false);
        if (Keccak256.Hash(bytes) != terms.WitnessHash)
        {
            throw new InvalidDataException($"the witness input at {SafeFetcher.Shown(terms.WitnessUri)} does not match its hash {terms.WitnessHash}");
        }
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    private static BigInteger[] Words(IReadOnlyList<string> values) =>
        [.. values.Select(v => BigInteger.Parse(v, CultureInfo.InvariantCulture))];

    /// <summary>The fulfilment's fixed gas limit: what was priced (callback included) plus headroom, never the node's estimate.</summary>
    private long FulfilGasLimit(BigInteger requestId)
    {
        long callbackGas;
        lock (_gate)
        {
            callbackGas = _submitted.TryGetValue(requestId, out var submitted) ? submitted.Terms.CallbackGasLimit : 0;
        }
        return _pricer.Gas.FulfilGasLimit(callbackGas);
    }

    private async Task FulfilAsync(JobRecord job, CancellationToken cancellationToken)
    {
        Save(job with { Phase = JobPhase.FulfilPending });
        try
        {
            var receipt = await _chain.FulfillAsync(job.RequestId, Words(job.Proof!), Words(job.PublicInputs), cancellationToken: cancellationToken,
                gasLimit: FulfilGasLimit(job.RequestId)).ConfigureAwait(false);
            var fulfilled = _chain.EventsOf(receipt).OfType<RequestFulfilled>().Single();
            // The log follower may have recorded it already.
            UpdateJob(job.RequestId, job.Round, j => j.Phase == JobPhase.Fulfilled ? j : j with
            {
                Phase = JobPhase.Fulfilled,
                Earned = fulfilled.Price + fulfilled.Bounty,
                LastTransaction = receipt.TransactionHash.ToString(),
            });
        }
        catch (ContractRevertException e)
        {
            var state = await _chain.GetRequestAsync(job.RequestId, cancellationToken).ConfigureAwait(false);
            if (state.Status == RequestStatus.Fulfilled && state.Prover == Address)
            {
                UpdateJob(job.RequestId, job.Round, j => j with { Phase = JobPhase.Fulfilled, Earned = state.Price });
                return;
            }
            UpdateJob(job.RequestId, job.Round, j => j with { Phase = JobPhase.Failed, Note = $"fulfil reverted: {e.ErrorName ?? e.Message}" });
            if (RevertDecoder.Is<InvalidProofError>(e))
            {
                Breaker.Trip($"the chain rejected our proof for request {job.RequestId}", DateTimeOffset.UtcNow);
            }
        }
    }

    private async Task DeliverRaceAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var proof = Words(job.Proof!);
        try
        {
            if (job.Phase is JobPhase.Proved or JobPhase.ProofCommitPending)
            {
                Save(job with { Phase = JobPhase.ProofCommitPending });
                await _chain.CommitProofAsync(job.RequestId, MarketContracts.ProofCommitment(proof, Address), cancellationToken: cancellationToken).ConfigureAwait(false);
                Save(job with { Phase = JobPhase.ProofCommitted });
            }
            // The reveal must land in a later block than the commit: it is sent only after the commit's receipt.
            Save(job with { Phase = JobPhase.FulfilPending });
            // Estimated, not fixed: a race already won by someone else must fail in the estimate, for free.
            var receipt = await _chain.RevealProofAsync(job.RequestId, proof, Words(job.PublicInputs), cancellationToken: cancellationToken).ConfigureAwait(false);
            var fulfilled = _chain.EventsOf(receipt).OfType<RequestFulfilled>().Single();
            UpdateJob(job.RequestId, job.Round, j => j.Phase == JobPhase.Fulfilled ? j : j with { Phase = JobPhase.Fulfilled, Earned = fulfilled.Price, LastTransaction = receipt.TransactionHash.ToString() });
        }
        catch (ContractRevertException e)
        {
            UpdateJob(job.RequestId, job.Round, j => j.IsTerminal ? j : j with { Phase = JobPhase.Lost, Note = $"race lost: {e.ErrorName ?? e.Message}" });
        }
    }
}
