using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;
using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Devnet;
using Nethereum.Contracts;
using OnchainMarket.Agent.Market;
using OnchainMarket.Contracts.ProofMarket.ContractDefinition;
using OnchainMarket.Ethereum;
using OnchainMarket.Simulation.Mechanisms;
using EthECKey = Nethereum.Signer.EthECKey;
using TransactionReceipt = Nethereum.RPC.Eth.DTOs.TransactionReceipt;

namespace OnchainMarket.Simulation.Measured;

/// <summary>
/// One devnet with K registered provers, driven request by request through one mechanism at a
/// time by a small loop per prover over the market's ABI and the real prover. Every proof is
/// really computed; a prover's slower hardware is simulated by advancing the chain's clock by its
/// slowdown times the real proving time. Each request's winner and price are also computed with
/// the C# clearing rule and compared with what the contract decided.
/// </summary>
internal sealed partial class BenchNetwork : IAsyncDisposable
{
    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);
    private const long TxGasLimit = 2_000_000;

    private readonly LocalAnvil _anvil;
    private readonly JsonRpcClient _rpc;
    private readonly MarketContracts _requester;
    private readonly MarketContracts[] _provers;
    private readonly MeasuredProfile[] _profiles;
    private readonly BigInteger[] _asks;
    private readonly CircuitFiles _circuit;
    private readonly BlockMiner _miner;
    private readonly MeasuredSettings _settings;
    private readonly ProofEngine _engine;
    private readonly double _calibrationSeconds;
    private readonly MarketContracts[] _requesters;
    private int _requestCounter;

    private BenchNetwork(LocalAnvil anvil, JsonRpcClient rpc, MarketContracts requester, MarketContracts[] requesters, MarketContracts[] provers, MeasuredProfile[] profiles,
        BigInteger[] asks, CircuitFiles circuit, MeasuredSettings settings, ProofEngine engine, double calibrationSeconds)
    {
        _requesters = requesters;
        _calibrationSeconds = calibrationSeconds;
        _anvil = anvil;
        _rpc = rpc;
        _requester = requester;
        _provers = provers;
        _profiles = profiles;
        _asks = asks;
        _circuit = circuit;
        _settings = settings;
        _engine = engine;
        _miner = new BlockMiner(rpc);
    }

    public int K => _provers.Length;

    /// <summary>
    /// Starts anvil, deploys the market with the circuit, registers K provers (capacity 1), then
    /// turns automine off: blocks are mined by hand (<see cref="BlockMiner"/>), or, for the live
    /// phase (<paramref name="live"/>), every <see cref="LiveSettings.BlockSeconds"/> of wall-clock time.
    /// </summary>
    public static async Task<BenchNetwork> StartAsync(int k, CompiledCircuit circuit, MeasuredSettings settings, ProofEngine engine, double calibrationSeconds,
        Action<string>? progress, CancellationToken cancellationToken, LiveSettings? live = null)
    {
        progress?.Invoke($"K={k}: starting anvil and deploying the market");
        // The ProofMarket's code is above EIP-170's 24 KiB; a devnet lifts the limit.
        var anvil = await LocalAnvil.StartAsync(new AnvilOptions { ExtraArguments = ["--disable-code-size-limit"] }, cancellationToken).ConfigureAwait(false);
        try
        {
            var rpc = new JsonRpcClient(anvil.RpcUrl);
            var deployerKey = SigningKeys.FromHex(LocalAnvil.DevPrivateKeys[0]);
            var requesterKey = SigningKeys.FromHex(LocalAnvil.DevPrivateKeys[1]);
            var proverKeys = new EthECKey[k];
            for (var i = 0; i < k; i++)
            {
                proverKeys[i] = i + 2 < LocalAnvil.DevPrivateKeys.Count
                    ? SigningKeys.FromHex(LocalAnvil.DevPrivateKeys[i + 2])
                    : SigningKeys.FromBytes(Keccak256.Hash($"omkt bench prover {i}").ToArray());
                // anvil funds only its ten default accounts; give the derived ones ETH for gas and bonds.
                await rpc.SendRawAsync("anvil_setBalance", [proverKeys[i].Address().ToString(), "0x" + (Ether * 100_000).ToString("x", CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
            }
            var accounts = new Dictionary<string, Address> { ["deployer"] = deployerKey.Address(), ["requester"] = requesterKey.Address() };
            for (var i = 0; i < k; i++)
            {
                accounts[$"prover{i + 1}"] = proverKeys[i].Address();
            }
            var deployment = await new DevnetDeployer(new ChainSender(MarketContracts.ReadOnlyWeb3(anvil.RpcUrl), deployerKey, anvil.ChainId), null)
                .DeployAsync(anvil.RpcUrl.ToString(), [circuit], "none", accounts, Ether * 1000, cancellationToken).ConfigureAwait(false);
            var deployed = deployment.Circuits.Single();
            var files = new CircuitFiles(Hash32.Parse(deployed.CircuitId), deployed.Name, deployed.Constraints, deployed.Wasm, deployed.Zkey);

            MarketContracts For(EthECKey key) =>
                new(deployment, new ChainSender(MarketContracts.ReadOnlyWeb3(anvil.RpcUrl), key, anvil.ChainId) { PollInterval = TimeSpan.FromMilliseconds(25) });

            var provers = proverKeys.Select(For).ToArray();
            var profiles = new MeasuredProfile[k];
            var asks = new BigInteger[k];
            for (var i = 0; i < k; i++)
            {
                profiles[i] = settings.Profiles[i % settings.Profiles.Count];
                // The ask: expected proving cost at this prover's speed and price, plus its margin.
                var cost = new BigInteger(calibrationSeconds * profiles[i].Slowdown * (double)profiles[i].WeiPerSecond);
                asks[i] = BigInteger.Min(settings.MaxPriceWei, cost * (10_000 + settings.MarginBps) / 10_000 + 1);
                await Operator.RegisterAsync(provers[i], 0, 1, Ether * 10, $"bench prover {i + 1} ({profiles[i].Name})", cancellationToken).ConfigureAwait(false);
            }
            // Live requests come from several requester accounts: one account sends one transaction at a
            // time, and a finalize must not wait behind the next submission.
            var requesters = new MarketContracts[live is null ? 0 : LiveRequesters];
            for (var i = 0; i < requesters.Length; i++)
            {
                var key = SigningKeys.FromBytes(Keccak256.Hash($"omkt bench requester {i}").ToArray());
                await rpc.SendRawAsync("anvil_setBalance", [key.Address().ToString(), "0x" + (Ether * 100_000).ToString("x", CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
                requesters[i] = For(key);
            }
            var network = new BenchNetwork(anvil, rpc, For(requesterKey), requesters, provers, profiles, asks, files, settings, engine, calibrationSeconds);
            if (live is null)
            {
                await network._miner.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await rpc.SendRawAsync("evm_setAutomine", [false], cancellationToken).ConfigureAwait(false);
                await rpc.SendRawAsync("evm_setIntervalMining", [live.BlockSeconds], cancellationToken).ConfigureAwait(false);
            }
            return network;
        }
        catch
        {
            await anvil.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Serves <see cref="MeasuredSettings.Requests"/> requests with one mechanism.</summary>
    public async Task<MeasuredRun> RunAsync(MechanismKind mechanism, Action<string>? progress, CancellationToken cancellationToken)
    {
        progress?.Invoke($"K={K}: {_settings.Requests} requests by {MechanismNames.Of(mechanism)}");
        long setupGas = 0;
        var book = new Orderbook();
        if (mechanism == MechanismKind.Orderbook)
        {
            // Every prover keeps one standing ask at its price; the C# book mirrors them in chain order.
            for (var i = 0; i < K; i++)
            {
                var prover = _provers[i];
                var expiry = _miner.Now + 86_400;
                var hint = await MarketContracts.QueryAsync<AskHintFunction, ulong>(prover.Market, new AskHintFunction { CircuitId = _circuit.CircuitId.ToArray(), Token = Address.Zero.ToLowerHex(), Price = _asks[i] }, cancellationToken).ConfigureAwait(false);
                // The ask binds its bounds (security review F1): any collateral the prover can back now.
                var offer = new AskOffer { CircuitId = _circuit.CircuitId, Price = _asks[i], Expiry = expiry, MaxCollateral = await prover.FreeStakeAsync(prover.Account, cancellationToken).ConfigureAwait(false), MaxCallbackGas = 2_000_000 };
                var receipt = await _miner.MineOneAsync(_miner.Now + 1, b => Send(prover, new PlaceAskFunction { ReturnValue1 = offer.ToTerms(), ReturnValue2 = hint }, b, cancellationToken), cancellationToken).ConfigureAwait(false);
                setupGas += (long)receipt.GasUsed.Value;
                book.PlaceAsk(i, (ulong)_asks[i], (ulong)expiry, (ulong)_miner.Now, _ => false, []);
            }
        }
        var requests = new List<MeasuredRequest>();
        for (var j = 0; j < _settings.Requests; j++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                requests.Add(mechanism switch
                {
                    MechanismKind.Race => await RaceAsync(j, cancellationToken).ConfigureAwait(false),
                    MechanismKind.SealedBid => await SealedBidAsync(j, cancellationToken).ConfigureAwait(false),
                    MechanismKind.Dutch => await DutchAsync(j, cancellationToken).ConfigureAwait(false),
                    MechanismKind.Orderbook => await OrderbookAsync(j, book, cancellationToken).ConfigureAwait(false),
                    _ => throw new ArgumentOutOfRangeException(nameof(mechanism)),
                });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                requests.Add(new MeasuredRequest(mechanism, K, j, false, -1, 0, 0, 0, 0, 0, 0, 0, 0, null, e.Message));
                progress?.Invoke($"K={K} {MechanismNames.Of(mechanism)} request {j} failed: {e.Message}");
            }
        }
        return new MeasuredRun(mechanism, K, requests, setupGas);
    }

    private async Task<MeasuredRequest> RaceAsync(int j, CancellationToken cancellationToken)
    {
        var (terms, input) = Terms(MechanismKind.Race);
        var (id, t0, gas) = await SubmitAsync(terms, cancellationToken).ConfigureAwait(false);

        // Every prover starts at once; the request closes when the first valid proof is revealed, one
        // block after its commitment, and a racer still proving then stops (it sees the request
        // closed). Proofs are computed fastest hardware first, so the close is known before a slower
        // racer is proved: one whose proof (estimated from the fastest's real time at its slowdown)
        // could not finish before the close is not proved at all, only its work up to the close counted.
        var bySpeed = Enumerable.Range(0, K).OrderBy(i => _profiles[i].Slowdown).ThenBy(i => i).ToArray();
        var proofs = new Proof?[K];
        var lead = bySpeed[0];
        proofs[lead] = Prove(lead, input, terms.PublicInputs, cancellationToken);
        long CommitAt(Proof p) => t0 + Math.Max(1, p.ChainSeconds);
        var closeAt = CommitAt(proofs[lead]!) + 1;
        foreach (var i in bySpeed.Skip(1))
        {
            // A margin of one block and 50 % on the estimate: jitter must not stop a racer that would have finished.
            if (t0 + (proofs[lead]!.WallSeconds * _profiles[i].Slowdown * 1.5) < closeAt + 1)
            {
                proofs[i] = Prove(i, input, terms.PublicInputs, cancellationToken);
                closeAt = Math.Min(closeAt, CommitAt(proofs[i]!) + 1);
            }
        }
        var finished = Enumerable.Range(0, K).Where(i => proofs[i] is { } p && CommitAt(p) < closeAt).ToArray();
        var order = finished.OrderBy(i => proofs[i]!.ChainSeconds).ThenBy(i => i).ToArray();
        var winnerRevealAt = closeAt;
        var race = new ProofRace(ToUnits(terms.MaxPrice));
        foreach (var group in order.GroupBy(i => CommitAt(proofs[i]!)).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            var receipts = await _miner.MineAsync(group.Key, [.. members.Select(i => (Func<Action<Hash32>, Task<TransactionReceipt>>)(b =>
                Send(_provers[i], new CommitProofFunction { Id = id, Commitment = MarketContracts.ProofCommitment(proofs[i]!.Job.Proof, _provers[i].Account).ToArray() }, b, cancellationToken)))], cancellationToken).ConfigureAwait(false);
            foreach (var (i, receipt) in members.Zip(receipts).OrderBy(p => TransactionIndex(p.Second)))
            {
                race.Commit(i, (ulong)receipt.BlockNumber.Value);
                gas += (long)receipt.GasUsed.Value;
            }
        }
        var winner = order[0];
        var reveal = await _miner.MineOneAsync(winnerRevealAt, b => Send(_provers[winner],
            new RevealProofFunction { Id = id, Proof = [.. proofs[winner]!.Job.Proof], PublicInputs = [.. terms.PublicInputs] }, b, cancellationToken), cancellationToken).ConfigureAwait(false);
        gas += (long)reveal.GasUsed.Value;
        race.Reveal(winner, (ulong)reveal.BlockNumber.Value, proofValid: true);
        var paid = _requester.EventsOf(reveal).OfType<RequestFulfilled>().Single();
        var chainWinner = Array.FindIndex(_provers, p => p.Account == paid.Prover);
        var predicted = race.Clear();
        var agrees = predicted is { } c && c.Winner == chainWinner && c.Price == (ulong)paid.Price;
        // The stopped racers' work: proving from submission to the close at their speed, at the CPU
        // per second of proving the lead's real proof took.
        var cpuPerWall = proofs[lead]!.CpuSeconds / Math.Max(proofs[lead]!.WallSeconds, 1e-9);
        var stopped = Enumerable.Range(0, K).Where(i => !finished.Contains(i)).Select(i =>
        {
            var wall = Math.Min(proofs[i]?.WallSeconds ?? double.PositiveInfinity, (double)(closeAt - t0) / _profiles[i].Slowdown);
            return (Prover: i, WallSeconds: wall, CpuSeconds: wall * cpuPerWall);
        }).ToArray();
        var completed = proofs.Select((p, i) => finished.Contains(i) ? p : null).ToArray();
        return Done(MechanismKind.Race, j, chainWinner, paid.Price, _miner.Now - t0, completed, chainWinner, gas, agrees, stopped);
    }

    private async Task<MeasuredRequest> SealedBidAsync(int j, CancellationToken cancellationToken)
    {
        var (terms, input) = Terms(MechanismKind.SealedBid);
        var (id, t0, gas, submitted) = await SubmitWithReceiptAsync(terms, cancellationToken).ConfigureAwait(false);
        var bond = _requester.EventsOf(submitted).OfType<RequestSubmitted>().Single().Request.BidBond;
        var salts = Enumerable.Range(0, K).Select(i => Keccak256.Hash($"salt {id} {i}")).ToArray();

        var commits = await _miner.MineAsync(terms.CommitDeadline, [.. Enumerable.Range(0, K).Select(i => (Func<Action<Hash32>, Task<TransactionReceipt>>)(b =>
            Send(_provers[i], new CommitBidFunction { ReturnValue1 = id, ReturnValue2 = MarketContracts.BidCommitment(id, _provers[i].Account, _asks[i], salts[i]).ToArray(), AmountToSend = bond }, b, cancellationToken)))], cancellationToken).ConfigureAwait(false);
        var seqOf = new uint[K];
        foreach (var (receipt, i) in commits.Select((r, i) => (r, i)))
        {
            gas += (long)receipt.GasUsed.Value;
            seqOf[i] = MarketContracts.Events<BidCommittedEventDTO>(receipt, _requester.Market).Single().Seq;
        }
        var reveals = await _miner.MineAsync(terms.CommitDeadline + 1, [.. Enumerable.Range(0, K).Select(i => (Func<Action<Hash32>, Task<TransactionReceipt>>)(b =>
            Send(_provers[i], new RevealBidFunction { ReturnValue1 = id, ReturnValue2 = _asks[i], ReturnValue3 = salts[i].ToArray() }, b, cancellationToken)))], cancellationToken).ConfigureAwait(false);
        var auction = new SealedBidAuction(ToUnits(terms.MaxPrice));
        foreach (var (receipt, i) in reveals.Select((r, i) => (r, i)).OrderBy(p => TransactionIndex(p.r)))
        {
            gas += (long)receipt.GasUsed.Value;
            auction.Reveal(i, (ulong)_asks[i], seqOf[i]);
        }
        var finalize = await _miner.MineOneAsync(terms.RevealDeadline + 1, b => Send(_requester, new FinalizeFunction { ReturnValue1 = id }, b, cancellationToken), cancellationToken).ConfigureAwait(false);
        gas += (long)finalize.GasUsed.Value;
        var settled = MarketContracts.Events<AuctionSettledEventDTO>(finalize, _requester.Market).Single();
        var winner = Array.FindIndex(_provers, p => p.Account == Address.Parse(settled.Winner));
        var price = settled.ClearingPrice;
        var predicted = auction.Clear();
        var agrees = predicted is { } c && c.Winner == winner && c.Price == (ulong)price;
        if (winner < 0)
        {
            throw new InvalidOperationException($"sealed-bid request {id} was not assigned");
        }
        return await ProveAndFulfilAsync(MechanismKind.SealedBid, j, id, terms, input, winner, price, t0, gas, agrees, cancellationToken).ConfigureAwait(false);
    }

    private async Task<MeasuredRequest> DutchAsync(int j, CancellationToken cancellationToken)
    {
        var (terms, input) = Terms(MechanismKind.Dutch);
        var (id, t0, gas) = await SubmitAsync(terms, cancellationToken).ConfigureAwait(false);
        var start = (ulong)t0;
        var end = start + (ulong)terms.RampDuration;
        // Each prover locks in the first block whose price reaches its ask; the earliest wins.
        var lockAt = Enumerable.Range(0, K)
            .Select(i => (Prover: i, At: (long)(DutchAuction.TimeReaching((ulong)terms.MinPrice, (ulong)terms.MaxPrice, start, end, (ulong)_asks[i]) ?? end)))
            .Select(p => (p.Prover, At: Math.Max(p.At, t0 + 1)))
            .OrderBy(p => p.At).ThenBy(p => p.Prover).First();
        var locked = await _miner.MineOneAsync(lockAt.At, b => Send(_provers[lockAt.Prover], new LockFunction { Id = id }, b, cancellationToken), cancellationToken).ConfigureAwait(false);
        gas += (long)locked.GasUsed.Value;
        var assigned = _requester.EventsOf(locked).OfType<RequestAssigned>().Single();
        var price = assigned.Price;
        var expected = DutchAuction.PriceAt((ulong)terms.MinPrice, (ulong)terms.MaxPrice, start, end, (ulong)_miner.Now);
        var agrees = expected == (ulong)price && assigned.Prover == _provers[lockAt.Prover].Account;
        return await ProveAndFulfilAsync(MechanismKind.Dutch, j, id, terms, input, lockAt.Prover, price, t0, gas, agrees, cancellationToken).ConfigureAwait(false);
    }

    private async Task<MeasuredRequest> OrderbookAsync(int j, Orderbook book, CancellationToken cancellationToken)
    {
        var (terms, input) = Terms(MechanismKind.Orderbook);
        var (id, t0, gas, receipt) = await SubmitWithReceiptAsync(terms, cancellationToken).ConfigureAwait(false);
        var assigned = _requester.EventsOf(receipt).OfType<RequestAssigned>().SingleOrDefault()
            ?? throw new InvalidOperationException($"orderbook request {id} matched no ask");
        var winner = Array.FindIndex(_provers, p => p.Account == assigned.Prover);
        var price = assigned.Price;
        // Everyone is free between requests here (one request at a time, capacity 1 each).
        var predicted = book.SubmitRequest((long)id, (ulong)terms.MaxPrice, (ulong)t0, _ => true);
        var agrees = predicted is { } m && m.Prover == winner && m.Price == (ulong)price;
        return await ProveAndFulfilAsync(MechanismKind.Orderbook, j, id, terms, input, winner, price, t0, gas, agrees, cancellationToken).ConfigureAwait(false);
    }

    private async Task<MeasuredRequest> ProveAndFulfilAsync(MechanismKind mechanism, int j, BigInteger id, RequestTerms terms, string input, int winner, BigInteger price,
        long t0, long gas, bool agrees, CancellationToken cancellationToken)
    {
        var assignedAt = _miner.Now;
        var proof = Prove(winner, input, terms.PublicInputs, cancellationToken);
        var fulfil = await _miner.MineOneAsync(assignedAt + Math.Max(1, proof.ChainSeconds), b => Send(_provers[winner],
            new FulfillFunction { Id = id, Proof = [.. proof.Job.Proof], PublicInputs = [.. terms.PublicInputs] }, b, cancellationToken), cancellationToken).ConfigureAwait(false);
        gas += (long)fulfil.GasUsed.Value;
        var paid = _requester.EventsOf(fulfil).OfType<RequestFulfilled>().Single();
        if (paid.Price != price)
        {
            throw new InvalidOperationException($"request {id} was assigned at {price} but paid {paid.Price}");
        }
        var proofs = new Proof?[K];
        proofs[winner] = proof;
        return Done(mechanism, j, winner, price, _miner.Now - t0, proofs, winner, gas, agrees);
    }

    /// <param name="stopped">Racers that stopped when the request closed: their partial work (wall seconds at the real machine's speed, CPU seconds).</param>
    private MeasuredRequest Done(MechanismKind mechanism, int j, int winner, BigInteger price, long latency, IReadOnlyList<Proof?> proofs, int useful, long gas, bool agrees,
        IReadOnlyList<(int Prover, double WallSeconds, double CpuSeconds)>? stopped = null)
    {
        var work = proofs.Select((p, i) => (p, i)).Where(x => x.p is not null).Select(x => (Prover: x.i, x.p!.WallSeconds, x.p!.CpuSeconds)).ToArray();
        var completedProofs = work.Length;
        work = [.. work, .. stopped ?? []];
        var cost = work.Aggregate(BigInteger.Zero, (sum, x) => sum + new BigInteger(x.WallSeconds * _profiles[x.Prover].Slowdown * (double)_profiles[x.Prover].WeiPerSecond));
        return new MeasuredRequest(mechanism, K, j, true, winner, price, latency, completedProofs,
            work.Sum(x => x.CpuSeconds), proofs[useful]!.CpuSeconds, work.Sum(x => x.WallSeconds * _profiles[x.Prover].Slowdown),
            cost, gas, agrees, null);
    }

    private Proof Prove(int prover, string input, IReadOnlyList<BigInteger> publicInputs, CancellationToken cancellationToken)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var job = _engine.Prove(_circuit, input, publicInputs, cancellationToken);
        var wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var chainSeconds = (long)Math.Ceiling(wall * _profiles[prover].Slowdown);
        return new Proof(job, wall, cpu, chainSeconds);
    }

    private (RequestTerms Terms, string Input) Terms(MechanismKind mechanism)
    {
        var n = ++_requestCounter;
        var input = string.Create(CultureInfo.InvariantCulture, $"{{\"seed\": \"{(_settings.Seed * 1_000_000L) + (K * 10_000L) + n}\", \"nonce\": \"{n}\"}}");
        var publics = WitnessPreview.PublicSignals(_circuit.WasmPath, input, 2);
        return (TermsFrom(_miner.Now + 1, _settings.CommitWindowSeconds, _settings.RevealWindowSeconds, mechanism, publics, input), input);
    }

    /// <summary>
    /// The measured run's request terms (both phases): the windows count from <paramref name="now"/>, the chain time
    /// the submit is expected to land at; the deadline leaves room for the ramp and two proving windows (a re-open).
    /// </summary>
    private RequestTerms TermsFrom(long now, long commitWindow, long revealWindow, MechanismKind mechanism, BigInteger[] publics, string input) => new()
    {
        CircuitId = _circuit.CircuitId,
        PublicInputs = publics,
        WitnessInline = Encoding.UTF8.GetBytes(input),
        MaxPrice = _settings.MaxPriceWei,
        MinPrice = 0,
        RequiredCollateral = _settings.CollateralWei,
        CommitDeadline = now + commitWindow,
        RevealDeadline = now + commitWindow + revealWindow,
        RampDuration = _settings.RampSeconds,
        ProvingWindow = _settings.ProvingWindowSeconds,
        Deadline = now + commitWindow + revealWindow + _settings.RampSeconds + (2 * _settings.ProvingWindowSeconds),
        Mechanism = (MarketMechanism)(byte)mechanism,
        FallbackToAuction = false,
    };

    private async Task<(BigInteger Id, long Timestamp, long Gas)> SubmitAsync(RequestTerms terms, CancellationToken cancellationToken)
    {
        var (id, t0, gas, _) = await SubmitWithReceiptAsync(terms, cancellationToken).ConfigureAwait(false);
        return (id, t0, gas);
    }

    private async Task<(BigInteger Id, long Timestamp, long Gas, TransactionReceipt Receipt)> SubmitWithReceiptAsync(RequestTerms terms, CancellationToken cancellationToken)
    {
        var hint = terms.Mechanism == MarketMechanism.Orderbook
            ? await _requester.RequestHintAsync(terms.CircuitId, terms.MaxPrice, cancellationToken).ConfigureAwait(false)
            : 0UL;
        var withHint = terms with { OrderbookHint = hint };
        var receipt = await _miner.MineOneAsync(_miner.Now + 1, b => Send(_requester, new SubmitFunction { P = withHint.ToParams(), AmountToSend = terms.MaxPrice }, b, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        var id = _requester.EventsOf(receipt).OfType<RequestSubmitted>().Single().Id;
        return (id, _miner.Now, (long)receipt.GasUsed.Value, receipt);
    }

    private static Task<TransactionReceipt> Send<TFunction>(MarketContracts chain, TFunction message, Action<Hash32> onBroadcast, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        // A fixed gas limit: estimating against the block before the one the call lands in would see the wrong window.
        message.Gas = TxGasLimit;
        return chain.SendAsync(chain.Market, message, typeof(TFunction).Name, onBroadcast, cancellationToken);
    }

    private static int TransactionIndex(TransactionReceipt receipt) => (int)receipt.TransactionIndex.Value;

    private static ulong ToUnits(BigInteger wei) => (ulong)wei;

    public async ValueTask DisposeAsync()
    {
        _rpc.Dispose();
        await _anvil.DisposeAsync().ConfigureAwait(false);
    }

    private sealed record Proof(ProvedJob Job, double WallSeconds, double CpuSeconds, long ChainSeconds);
}
