using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Market;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Ethereum;
using OnchainMarket.Simulation.Mechanisms;
using TransactionReceipt = Nethereum.RPC.Eth.DTOs.TransactionReceipt;

namespace OnchainMarket.Simulation.Measured;

/// <summary>
/// The live phase: the devnet mines on its own every block interval, requests arrive as a Poisson
/// process in wall-clock time, and each prover is a loop that acts whenever its one machine is free
/// (capacity 1, as registered). A prover's slower hardware is simulated by waiting: a machine with
/// slowdown s is busy s times the real proof's time, the real proof computed at the end of it, so a
/// racer the close stops before then never computes. Latency is the requester's wall-clock wait.
/// </summary>
internal sealed partial class BenchNetwork
{
    private const int LiveRequesters = 6;
    private static readonly TimeSpan LoopInterval = TimeSpan.FromMilliseconds(150);

    /// <summary>Serves <paramref name="count"/> requests with one mechanism, arriving as a Poisson process with <see cref="LiveSettings.MeanArrivalSeconds"/> between them.</summary>
    public async Task<LiveRun> RunLiveAsync(MechanismKind mechanism, int count, LiveSettings live, Action<string>? progress, CancellationToken cancellationToken)
    {
        progress?.Invoke($"K={K} live: {count} Poisson requests by {MechanismNames.Of(mechanism)}, one every {live.MeanArrivalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s on average");
        var board = new LiveBoard(this, mechanism, live);
        var watch = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The windows and the ramp are in chain time: read the head once before the first request.
        await board.ReadClockAsync(cancellationToken).ConfigureAwait(false);
        var clock = board.RunClockAsync(stop.Token);
        if (mechanism == MechanismKind.Orderbook)
        {
            for (var i = 0; i < K; i++)
            {
                await board.PlaceAskAsync(i, cancellationToken).ConfigureAwait(false);
            }
        }
        var loops = Enumerable.Range(0, K).Select(i => board.ProverLoopAsync(i, stop.Token)).ToArray();
        var random = new Random(_settings.Seed * 7919 + K * 31 + (int)mechanism);
        var submissions = new List<Task>();
        for (var j = 0; j < count; j++)
        {
            if (j > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(-Math.Log(1 - random.NextDouble()) * live.MeanArrivalSeconds), cancellationToken).ConfigureAwait(false);
            }
            submissions.Add(board.SubmitAsync(j, _requesters[j % _requesters.Length], cancellationToken));
        }
        var all = Task.WhenAll(submissions.Concat(board.AllDone(count)));
        await Task.WhenAny(all, Task.Delay(live.DrainTimeout, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(loops.Append(clock)).ConfigureAwait(false);
        // Let what the stopped loops still had in flight finish, so that no account has a pending transaction.
        await Task.WhenAny(Task.WhenAll(board.InFlight), Task.Delay(TimeSpan.FromSeconds(30), cancellationToken)).ConfigureAwait(false);
        return new LiveRun(mechanism, K, board.Results(count), board.AskGas, watch.Elapsed);
    }

    /// <summary>The open requests of one live run and every prover's state; all of it behind one lock.</summary>
    private sealed class LiveBoard(BenchNetwork network, MechanismKind mechanism, LiveSettings live)
    {
        private readonly object _gate = new();
        private readonly Dictionary<int, LiveJob> _jobs = [];
        private readonly Dictionary<BigInteger, LiveJob> _byId = [];
        private readonly SemaphoreSlim[] _machines = [.. Enumerable.Range(0, network.K).Select(_ => new SemaphoreSlim(1, 1))];
        private readonly ulong?[] _askOf = new ulong?[network.K];
        private readonly List<Task> _inFlight = [];
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private long _chainNow;
        private long _askGas;

        public long AskGas => Interlocked.Read(ref _askGas);

        public Task[] InFlight
        {
            get
            {
                lock (_gate)
                {
                    return [.. _inFlight];
                }
            }
        }

        private double Now => _wall.Elapsed.TotalSeconds;

        public async Task ReadClockAsync(CancellationToken cancellationToken)
        {
            var head = await network._rpc.GetBlockByNumberAsync(BlockTag.Latest, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("the devnet has no head block");
            Interlocked.Exchange(ref _chainNow, head.Timestamp);
        }

        /// <summary>Follows the chain's head timestamp (the windows and the Dutch ramp are in chain time).</summary>
        public async Task RunClockAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await ReadClockAsync(stop).ConfigureAwait(false);
                    await Task.Delay(100, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }

        private async Task UntilChainAfterAsync(long timestamp, CancellationToken cancellationToken)
        {
            while (Interlocked.Read(ref _chainNow) <= timestamp)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }

        public IEnumerable<Task> AllDone(int count)
        {
            for (var j = 0; j < count; j++)
            {
                yield return JobTask(j);
            }
        }

        private async Task JobTask(int j)
        {
            // A job exists once its submission landed; wait for it, then for its end.
            while (true)
            {
                LiveJob? job;
                lock (_gate)
                {
                    _jobs.TryGetValue(j, out job);
                }
                if (job is not null)
                {
                    await job.Done.Task.ConfigureAwait(false);
                    return;
                }
                await Task.Delay(50).ConfigureAwait(false);
            }
        }

        public IReadOnlyList<LiveRequest> Results(int count)
        {
            lock (_gate)
            {
                return [.. Enumerable.Range(0, count).Select(j => _jobs.TryGetValue(j, out var job)
                    ? job.ToRequest(mechanism, network.K, p => network._profiles[p].WeiPerSecond)
                    : new LiveRequest(mechanism, network.K, j, false, -1, 0, double.NaN, 0, 0, 0, 0, 0, 0, 0, 0, "not submitted"))];
            }
        }

        /// <summary>The requester's side: submit, then (sealed-bid) finalize after the reveal window, or (orderbook) hand a match to its prover.</summary>
        public async Task SubmitAsync(int j, MarketContracts requester, CancellationToken cancellationToken)
        {
            var (terms, input) = Terms(j);
            int open;
            lock (_gate)
            {
                open = _jobs.Values.Count(x => !x.Done.Task.IsCompleted);
            }
            var started = Now;
            TransactionReceipt receipt;
            BigInteger id;
            try
            {
                var hint = mechanism == MechanismKind.Orderbook ? await requester.RequestHintAsync(terms.CircuitId, terms.MaxPrice, cancellationToken).ConfigureAwait(false) : 0UL;
                (id, receipt) = await requester.SubmitAsync(terms with { OrderbookHint = hint }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var failed = new LiveJob(j, 0, terms, input, started, open, 0);
                failed.Fail($"submit: {e.Message}");
                lock (_gate)
                {
                    _jobs[j] = failed;
                }
                return;
            }
            var head = await network._rpc.GetBlockByNumberAsync((long)receipt.BlockNumber.Value, cancellationToken).ConfigureAwait(false);
            var job = new LiveJob(j, id, terms, input, started, open, head?.Timestamp ?? Interlocked.Read(ref _chainNow))
            {
                Bond = requester.EventsOf(receipt).OfType<RequestSubmitted>().Single().Request.BidBond,
            };
            job.AddGas(receipt);
            lock (_gate)
            {
                _jobs[j] = job;
                _byId[id] = job;
            }
            PruneAsks(receipt);
            if (mechanism == MechanismKind.Orderbook && requester.EventsOf(receipt).OfType<RequestAssigned>().SingleOrDefault() is { } matched)
            {
                var p = ProverOf(matched.Prover);
                // The chain matched a prover it counts as free; its loop may still be wrapping up the last job.
                await _machines[p].WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    job.Assign(p, matched.Price);
                    await ServeAsync(p, job, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _machines[p].Release();
                }
            }
            else if (mechanism == MechanismKind.SealedBid)
            {
                await UntilChainAfterAsync(terms.RevealDeadline, cancellationToken).ConfigureAwait(false);
                try
                {
                    var finalized = await requester.FinalizeAsync(id, cancellationToken).ConfigureAwait(false);
                    job.AddGas(finalized);
                    var assigned = requester.EventsOf(finalized).OfType<RequestAssigned>().SingleOrDefault();
                    job.Settle(assigned is null ? -1 : ProverOf(assigned.Prover), assigned?.Price ?? 0);
                    if (assigned is null)
                    {
                        job.Fail("sealed-bid: no assignable bid (every prover busy): expired");
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    job.Settle(-1, 0);
                    job.Fail($"finalize: {e.Message}");
                }
            }
        }

        /// <summary>One prover: whenever its machine is free, it joins what its mechanism lets it join.</summary>
        public async Task ProverLoopAsync(int i, CancellationToken stop)
        {
            var seen = new HashSet<int>();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(LoopInterval, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                if (!_machines[i].Wait(0))
                {
                    continue;
                }
                var action = Pick(i, seen);
                if (action is null)
                {
                    _machines[i].Release();
                    continue;
                }
                // The action owns the machine now and releases it when it is done.
                var task = Task.Run(async () =>
                {
                    try
                    {
                        await action().ConfigureAwait(false);
                    }
                    finally
                    {
                        _machines[i].Release();
                    }
                }, CancellationToken.None);
                lock (_gate)
                {
                    _inFlight.Add(task);
                }
            }
        }

        /// <summary>What a free prover <paramref name="i"/> does next, or null.</summary>
        private Func<Task>? Pick(int i, HashSet<int> seen)
        {
            var chainNow = Interlocked.Read(ref _chainNow);
            LiveJob? job;
            lock (_gate)
            {
                if (mechanism == MechanismKind.Orderbook)
                {
                    return _askOf[i] is null ? () => RepostAskAsync(i) : null;
                }
                job = _jobs.Values.Where(x => !x.Closed.IsCancellationRequested && !x.IsAssigned && !seen.Contains(x.Index) && mechanism switch
                {
                    // A commit sent now lands in the next block, which must still be in the commit window.
                    MechanismKind.SealedBid => chainNow + live.BlockSeconds <= x.Terms.CommitDeadline,
                    MechanismKind.Dutch => DutchAuction.PriceAt((ulong)x.Terms.MinPrice, (ulong)x.Terms.MaxPrice, (ulong)x.SubmittedAt, (ulong)(x.SubmittedAt + x.Terms.RampDuration), (ulong)(chainNow + live.BlockSeconds)) >= (ulong)network._asks[i],
                    _ => true,
                }).OrderBy(x => x.Index).FirstOrDefault();
            }
            if (job is null)
            {
                return null;
            }
            seen.Add(job.Index);
            return mechanism switch
            {
                MechanismKind.Race => () => RaceAsync(i, job),
                MechanismKind.SealedBid => () => BidAsync(i, job),
                _ => () => LockAsync(i, job),
            };
        }

        private async Task RaceAsync(int i, LiveJob job)
        {
            var started = Now;
            var slowdown = network._profiles[i].Slowdown;
            Proof? proof = null;
            try
            {
                // The real proof is computed in the last stretch of the simulated machine's time.
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, (slowdown - 1) * network._calibrationSeconds)), job.Closed.Token).ConfigureAwait(false);
                proof = await Task.Run(() => network.Prove(i, job.Input, job.Terms.PublicInputs, job.Closed.Token), job.Closed.Token).ConfigureAwait(false);
                job.AddProof();
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, started + (slowdown * proof.WallSeconds) - Now)), job.Closed.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (job.Closed.IsCancellationRequested)
            {
                job.AddMachine(i, Math.Min(Now - started, slowdown * (proof?.WallSeconds ?? network._calibrationSeconds)), useful: false);
                return;
            }
            var machine = slowdown * proof.WallSeconds;
            var prover = network._provers[i];
            try
            {
                var commit = await prover.CommitProofAsync(job.Id, MarketContracts.ProofCommitment(proof.Job.Proof, prover.Account)).ConfigureAwait(false);
                job.AddGas(commit);
                if (job.Closed.IsCancellationRequested)
                {
                    job.AddMachine(i, machine, useful: false);
                    return;
                }
                var reveal = await prover.RevealProofAsync(job.Id, proof.Job.Proof, job.Terms.PublicInputs).ConfigureAwait(false);
                job.AddGas(reveal);
                var paid = prover.EventsOf(reveal).OfType<RequestFulfilled>().Single();
                job.AddMachine(i, machine, useful: true);
                job.Finish(i, paid.Price, Now);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Closed between the check and the landing: another racer's reveal came first.
                job.Reverted();
                job.AddMachine(i, machine, useful: false);
            }
        }

        private async Task BidAsync(int i, LiveJob job)
        {
            var prover = network._provers[i];
            var salt = Keccak256.Hash($"live salt {job.Id} {i}");
            try
            {
                job.AddGas(await prover.CommitBidAsync(job.Id, MarketContracts.BidCommitment(job.Id, prover.Account, network._asks[i], salt), job.Bond).ConfigureAwait(false));
                await UntilChainAfterAsync(job.Terms.CommitDeadline, CancellationToken.None).ConfigureAwait(false);
                job.AddGas(await prover.RevealBidAsync(job.Id, network._asks[i], salt).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A commit that missed its window; the bidder is free again.
                job.Reverted();
                return;
            }
            // A bidder holds its machine until the auction settles: winning while busy would make it unassignable and forfeit its bond.
            var winner = await job.Settled.Task.ConfigureAwait(false);
            if (winner == i)
            {
                await ServeAsync(i, job, CancellationToken.None).ConfigureAwait(false);
            }
        }

        private async Task LockAsync(int i, LiveJob job)
        {
            var prover = network._provers[i];
            try
            {
                var locked = await prover.LockAsync(job.Id).ConfigureAwait(false);
                job.AddGas(locked);
                var assigned = prover.EventsOf(locked).OfType<RequestAssigned>().Single();
                job.Assign(i, assigned.Price);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Another prover's lock landed first.
                job.Reverted();
                return;
            }
            await ServeAsync(i, job, CancellationToken.None).ConfigureAwait(false);
        }

        /// <summary>Places (or re-places) prover <paramref name="i"/>'s standing ask; an ask that takes a resting request is served at once.</summary>
        public async Task PlaceAskAsync(int i, CancellationToken cancellationToken)
        {
            var prover = network._provers[i];
            var offer = new AskOffer
            {
                CircuitId = network._circuit.CircuitId,
                Price = network._asks[i],
                Expiry = Interlocked.Read(ref _chainNow) + 86_400,
                MaxCollateral = await prover.FreeStakeAsync(prover.Account, cancellationToken).ConfigureAwait(false),
                MaxCallbackGas = 2_000_000,
            };
            var (askId, receipt) = await prover.PlaceAskAsync(offer, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _askGas, (long)receipt.GasUsed.Value);
            lock (_gate)
            {
                _askOf[i] = askId;
            }
            PruneAsks(receipt);
            if (prover.EventsOf(receipt).OfType<RequestAssigned>().SingleOrDefault() is { } taken)
            {
                LiveJob job;
                lock (_gate)
                {
                    job = _byId[taken.Id];
                }
                job.Assign(i, taken.Price);
                await ServeAsync(i, job, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task RepostAskAsync(int i)
        {
            try
            {
                await PlaceAskAsync(i, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Tried again on the loop's next turn.
                Debug.WriteLine($"re-posting prover {i}'s ask failed: {e.Message}");
            }
        }

        /// <summary>A match scans the asks and drops those of busy provers (capacity full): they must post again once free.</summary>
        private void PruneAsks(TransactionReceipt receipt)
        {
            var removed = network._requester.EventsOf(receipt).OfType<AskRemoved>().Select(a => a.AskId).ToHashSet();
            lock (_gate)
            {
                for (var i = 0; i < _askOf.Length; i++)
                {
                    if (_askOf[i] is { } ask && removed.Contains(ask))
                    {
                        _askOf[i] = null;
                    }
                }
            }
        }

        /// <summary>The assigned prover proves (its simulated machine time) and fulfils; the caller holds its machine.</summary>
        private async Task ServeAsync(int i, LiveJob job, CancellationToken cancellationToken)
        {
            var started = Now;
            var slowdown = network._profiles[i].Slowdown;
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, (slowdown - 1) * network._calibrationSeconds)), cancellationToken).ConfigureAwait(false);
                var proof = await Task.Run(() => network.Prove(i, job.Input, job.Terms.PublicInputs, cancellationToken), cancellationToken).ConfigureAwait(false);
                job.AddProof();
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, started + (slowdown * proof.WallSeconds) - Now)), cancellationToken).ConfigureAwait(false);
                job.AddMachine(i, slowdown * proof.WallSeconds, useful: true);
                var prover = network._provers[i];
                var fulfil = await prover.FulfillAsync(job.Id, proof.Job.Proof, job.Terms.PublicInputs, gasLimit: TxGasLimit).ConfigureAwait(false);
                job.AddGas(fulfil);
                var paid = prover.EventsOf(fulfil).OfType<RequestFulfilled>().Single();
                job.Finish(i, paid.Price, Now);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                job.Fail($"prover {i}: {e.Message}");
            }
        }

        private int ProverOf(Address account) => Array.FindIndex(network._provers, p => p.Account == account);

        private (RequestTerms Terms, string Input) Terms(int j)
        {
            var n = Interlocked.Increment(ref network._requestCounter);
            var input = string.Create(CultureInfo.InvariantCulture, $"{{\"seed\": \"{(network._settings.Seed * 1_000_000L) + 500_000 + (network.K * 10_000L) + n}\", \"nonce\": \"{n}\"}}");
            var publics = WitnessPreview.PublicSignals(network._circuit.WasmPath, input, 2);
            // The submit lands in the next block or the one after: the windows count from there.
            var now = Interlocked.Read(ref _chainNow) + live.BlockSeconds;
            return (network.TermsFrom(now, live.CommitWindowSeconds, live.RevealWindowSeconds, mechanism, publics, input), input);
        }
    }

    /// <summary>One live request's state and accounting; its methods are safe to call from any prover's task.</summary>
    private sealed class LiveJob(int index, BigInteger id, RequestTerms terms, string input, double started, int openAtSubmit, long submittedAt)
    {
        private readonly object _gate = new();
        private readonly Dictionary<int, double> _machine = [];
        private readonly Dictionary<int, double> _useful = [];
        private int _winner = -1;
        private BigInteger _price;
        private long _gas;
        private int _reverted;
        private int _proofs;
        private double _latency = double.NaN;
        private string? _error;
        private bool _fulfilled;
        private bool _assigned;
        private int _payments;

        public int Index => index;

        public BigInteger Id => id;

        public RequestTerms Terms => terms;

        public string Input => input;

        /// <summary>Chain timestamp of the submit's block (the Dutch ramp's start).</summary>
        public long SubmittedAt => submittedAt;

        public BigInteger Bond { get; init; }

        /// <summary>Cancelled when the request is fulfilled or has failed: racers stop then.</summary>
        public CancellationTokenSource Closed { get; } = new();

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The sealed-bid winner (or -1) once finalize landed.</summary>
        public TaskCompletionSource<int> Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsAssigned
        {
            get
            {
                lock (_gate)
                {
                    return _assigned;
                }
            }
        }

        public void AddGas(TransactionReceipt receipt)
        {
            lock (_gate)
            {
                _gas += (long)receipt.GasUsed.Value;
            }
        }

        public void Reverted()
        {
            lock (_gate)
            {
                _reverted++;
            }
        }

        public void AddProof()
        {
            lock (_gate)
            {
                _proofs++;
            }
        }

        public void AddMachine(int prover, double seconds, bool useful)
        {
            lock (_gate)
            {
                _machine[prover] = _machine.GetValueOrDefault(prover) + seconds;
                if (useful)
                {
                    _useful[prover] = _useful.GetValueOrDefault(prover) + seconds;
                }
            }
        }

        public void Assign(int prover, BigInteger price)
        {
            lock (_gate)
            {
                _assigned = true;
                _winner = prover;
                _price = price;
            }
        }

        public void Settle(int winner, BigInteger price)
        {
            if (winner >= 0)
            {
                Assign(winner, price);
            }
            Settled.TrySetResult(winner);
        }

        public void Finish(int prover, BigInteger price, double now)
        {
            lock (_gate)
            {
                // Counted, not thrown: a second payment is a finding the report and the tests must see.
                _payments++;
                if (_fulfilled)
                {
                    return;
                }
                _fulfilled = true;
                _winner = prover;
                _price = price;
                _latency = now - started;
            }
            Closed.Cancel();
            Done.TrySetResult();
        }

        public void Fail(string error)
        {
            lock (_gate)
            {
                _error ??= error;
            }
            Closed.Cancel();
            Settled.TrySetResult(-1);
            Done.TrySetResult();
        }

        public LiveRequest ToRequest(MechanismKind mechanism, int k, Func<int, BigInteger> weiPerSecond)
        {
            lock (_gate)
            {
                var cost = _machine.Aggregate(BigInteger.Zero, (sum, m) => sum + new BigInteger(m.Value * (double)weiPerSecond(m.Key)));
                return new LiveRequest(mechanism, k, index, _fulfilled, _fulfilled ? _winner : -1, _fulfilled ? _price : 0, _latency, openAtSubmit, _proofs,
                    _machine.Values.Sum(), _useful.Values.Sum(), cost, _gas, _reverted, _payments, _fulfilled ? null : _error ?? "still open when the run ended");
            }
        }
    }
}
