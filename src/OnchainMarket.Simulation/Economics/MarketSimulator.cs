using OnchainMarket.Simulation.Config;
using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Economics;

/// <summary>
/// The economic model. Requests arrive one by one; each mechanism allocates them with the same
/// clearing rules as the contracts (the classes in <see cref="Mechanisms"/>); provers take one job at
/// a time, adapt their prices, leave when their recent profit is negative and come back when they
/// would have earned. Prices enter the clearing rules as integer nano-dollars, like wei in the contracts.
/// </summary>
public sealed class MarketSimulator
{
    /// <summary>Integer price units per US dollar handed to the clearing rules.</summary>
    public const double UnitsPerUsd = 1e9;

    /// <summary>Orderbook provers re-post their ask (a transaction) at most once per this many requests.</summary>
    public const int AskRepriceEvery = 10;

    /// <summary>A sealed bidder spreads the gas of its losing bids over its wins, but never assumes it wins less often than this.</summary>
    public const double MinWinRate = 0.01;

    /// <summary>Under free entry the requester only buys racers whose fastest can keep up: mean proof time at most this share of the mean gap between requests.</summary>
    public const double FreeEntryMaxUtilisation = 0.8;

    private readonly SimulationConfig _config;
    private readonly GasSchedule _gas;

    public MarketSimulator(SimulationConfig config)
    {
        config.Validate();
        _config = config;
        _gas = config.Gas;
    }

    public SimulationConfig Config => _config;

    /// <summary>Runs one mechanism against a fresh scenario with K provers.</summary>
    public MechanismRun Run(MechanismKind mechanism, int k, RaceRegime regime = RaceRegime.Rational) => Run(mechanism, Scenario.Create(_config, k), regime);

    /// <summary>Runs one mechanism on a scenario under a fault case (dropouts after assignment, an outage).</summary>
    public MechanismRun Run(MechanismKind mechanism, Scenario scenario, RaceRegime regime, FaultCase fault)
    {
        var run = new RunState(this, mechanism, mechanism == MechanismKind.Race ? regime : RaceRegime.Rational, scenario, fault);
        return run.Execute();
    }

    /// <summary>Runs one mechanism against a given scenario (use one scenario for all four to compare them).</summary>
    public MechanismRun Run(MechanismKind mechanism, Scenario scenario, RaceRegime regime = RaceRegime.Rational)
    {
        var run = new RunState(this, mechanism, mechanism == MechanismKind.Race ? regime : RaceRegime.Rational, scenario, FaultCase.None);
        return run.Execute();
    }

    internal static ulong ToUnits(double usd) => usd <= 0 ? 0 : (ulong)Math.Round(usd * UnitsPerUsd);

    internal static double ToUsd(ulong units) => units / UnitsPerUsd;

    /// <summary>
    /// The racers a cost-minimising requester buys under free entry: n of them, the fastest fast
    /// enough to keep up with the arrivals, the others the cheapest per second among the slower
    /// (they stop when the fastest's proof closes the request, so each costs its rate times the
    /// fastest's time). Returns fleet indices.
    /// </summary>
    public static IReadOnlyList<int> FreeEntrySet(IReadOnlyList<FleetMember> fleet, int n, double meanInterarrivalSeconds)
    {
        n = Math.Clamp(n, 1, fleet.Count);
        var limit = FreeEntryMaxUtilisation * meanInterarrivalSeconds;
        var leads = Enumerable.Range(0, fleet.Count).Where(i => fleet[i].MeanProofSeconds <= limit).ToArray();
        if (leads.Length == 0)
        {
            leads = [Enumerable.Range(0, fleet.Count).MinBy(i => fleet[i].MeanProofSeconds)];
        }
        int[]? best = null;
        var bestCost = double.PositiveInfinity;
        foreach (var lead in leads)
        {
            var t = fleet[lead].MeanProofSeconds;
            var others = Enumerable.Range(0, fleet.Count)
                .Where(i => i != lead && (fleet[i].MeanProofSeconds > t || (fleet[i].MeanProofSeconds == t && i > lead)))
                .OrderBy(i => fleet[i].UsdPerSecond).ThenBy(i => i).Take(n - 1).ToArray();
            if (others.Length < n - 1)
            {
                continue;
            }
            var cost = t * (fleet[lead].UsdPerSecond + others.Sum(i => fleet[i].UsdPerSecond));
            if (cost < bestCost)
            {
                bestCost = cost;
                best = [lead, .. others];
            }
        }
        return best ?? [.. Enumerable.Range(0, fleet.Count).OrderBy(i => fleet[i].MeanProofSeconds).Take(n)];
    }

    /// <summary>The per-run mutable state; one mechanism, one scenario.</summary>
    private sealed class RunState
    {
        private readonly SimulationConfig _c;
        private readonly GasSchedule _gas;
        private readonly MechanismKind _mechanism;
        private readonly RaceRegime _regime;
        private readonly Scenario _s;
        private readonly ProverAgent[] _provers;
        private readonly double[] _roundProfit;
        private readonly int[] _winsAfterWarmup;
        private readonly double[] _revenueAfterWarmup;
        private readonly Orderbook _book = new();
        private readonly ulong[] _askIds;
        private double _maxPrice;
        private readonly double _ceiling;
        // Provers' gas spent between requests (orderbook asks posted on entry), booked on the next request.
        private long _carryGas;
        private readonly FaultCase _fault;
        private readonly FaultSettings _f;
        // Per (request, prover): a uniform draw deciding a dropout; its own random stream, so fault-free runs are unchanged.
        private readonly double[] _dropDraw;
        private readonly bool[] _outageProver;
        private readonly double _outageFrom;
        private readonly double _outageTo;

        public RunState(MarketSimulator sim, MechanismKind mechanism, RaceRegime regime, Scenario scenario, FaultCase fault)
        {
            _c = sim._config;
            _gas = sim._gas;
            _mechanism = mechanism;
            _regime = regime;
            _s = scenario;
            _provers = scenario.Fleet
                .Select((m, i) => new ProverAgent(i, m.Profile, m.MeanProofSeconds, m.UsdPerSecond, _c.ExitWindow))
                .ToArray();
            _roundProfit = new double[_provers.Length];
            _winsAfterWarmup = new int[_provers.Length];
            _revenueAfterWarmup = new double[_provers.Length];
            _askIds = new ulong[_provers.Length];
            _fault = fault;
            _f = _c.Faults;
            var count = scenario.Arrivals.Count;
            var k = _provers.Length;
            _outageProver = new bool[k];
            _dropDraw = [];
            _outageFrom = _outageTo = double.NaN;
            if (fault.Dropout > 0 || fault.Outage)
            {
                var random = new Random(unchecked((scenario.Seed * 7_919) + 104_729));
                _dropDraw = new double[count * k];
                for (var n = 0; n < _dropDraw.Length; n++)
                {
                    _dropDraw[n] = random.NextDouble();
                }
                if (fault.Outage)
                {
                    // The first ⌈share·K⌉ of a random order go offline for the outage, which starts half-way through the measured requests.
                    foreach (var i in Enumerable.Range(0, k).OrderBy(_ => random.NextDouble()).Take((int)Math.Ceiling(_f.OutageShare * k)))
                    {
                        _outageProver[i] = true;
                    }
                    _outageFrom = scenario.Arrivals[Math.Min(count - 1, _c.WarmupRequests + ((count - _c.WarmupRequests) / 2))];
                    _outageTo = _outageFrom + _f.OutageSeconds;
                }
            }
            // The most a requester ever posts: maxPriceUsd for the proof plus the gas of a sealed-bid
            // request every prover bids on, so that at any gas price the market can clear.
            _ceiling = _c.MaxPriceUsd + _gas.Usd(_gas.Submit + _gas.Finalize + _gas.Fulfill + (_provers.Length * BidGas));
            _maxPrice = _ceiling;
            foreach (var p in _provers)
            {
                p.WinRate = 1.0 / _provers.Length;
                // Start well above cost: the adaptation has to find the price, not be told it.
                p.Ask = Math.Min(_ceiling, Floor(p) * 3);
            }
            if (_regime == RaceRegime.FreeEntry)
            {
                var bought = FreeEntrySet(scenario.Fleet, _c.FreeEntryRacers, _c.MeanInterarrivalSeconds).ToHashSet();
                foreach (var p in _provers.Where(p => !bought.Contains(p.Index)))
                {
                    p.Exclude();
                }
            }
        }

        private double B => _c.BlockSeconds;

        /// <summary>Whether prices and membership adapt (the rational market); the other race regimes fix both.</summary>
        private bool Adaptive => _regime == RaceRegime.Rational;

        /// <summary>The maxPrice requesters post now (learned: see <see cref="LearnMaxPrice"/>).</summary>
        private double MaxPrice => _maxPrice;

        public MechanismRun Execute()
        {
            var count = _s.Arrivals.Count;
            var rounds = new RoundRecord[count];
            if (_mechanism == MechanismKind.Orderbook)
            {
                var none = new List<Match>();
                foreach (var p in _provers)
                {
                    _carryGas += PostAsk(p, 0, _ => false, none);
                }
            }
            for (var j = 0; j < count; j++)
            {
                Array.Clear(_roundProfit);
                var record = _mechanism switch
                {
                    MechanismKind.SealedBid => SealedBidRound(j),
                    MechanismKind.Dutch => DutchRound(j),
                    MechanismKind.Orderbook => OrderbookRound(j),
                    MechanismKind.Race => RaceRound(j),
                    _ => throw new ArgumentOutOfRangeException(nameof(_mechanism)),
                };
                rounds[j] = record with { Gas = record.Gas + _carryGas };
                _carryGas = 0;
                if (Adaptive)
                {
                    LearnMaxPrice(record.Served);
                }
                if (record.Served && j >= _c.WarmupRequests)
                {
                    _winsAfterWarmup[record.Winner]++;
                    _revenueAfterWarmup[record.Winner] += record.PriceUsd;
                }
                foreach (var p in _provers)
                {
                    p.RecordProfit(_roundProfit[p.Index]);
                }
                if (Adaptive)
                {
                    Review(j);
                }
            }
            if (_carryGas != 0)
            {
                // An ask posted after the last request still belongs to the run's books.
                rounds[^1] = rounds[^1] with { Gas = rounds[^1].Gas + _carryGas };
            }
            var summaries = _provers.Select(p => new ProverSummary(
                p.Index, p.Profile, p.MeanProofSeconds, p.MeanProofCostUsd, p.InMarket, p.Exits, p.Wins, _winsAfterWarmup[p.Index],
                p.Participations, p.RevenueUsd, p.ProvingCostUsd, p.GasUsd, p.MachineSeconds, _revenueAfterWarmup[p.Index], p.SlashedUsd)).ToArray();
            var steadySeconds = _s.Arrivals[count - 1] - _s.Arrivals[Math.Min(_c.WarmupRequests, count - 1)];
            return new MechanismRun(_mechanism, _provers.Length, _c.WarmupRequests, rounds, summaries, _regime, _gas)
            {
                Fault = _fault,
                SteadySeconds = steadySeconds,
                CollateralUsd = _mechanism == MechanismKind.Race ? 0 : _f.CollateralUsd,
            };
        }

        /// <summary>
        /// Requesters do not know the provers' costs; they learn the lowest maxPrice that still gets
        /// their requests proved, the same way under every mechanism: a little lower after a proved
        /// request, a jump up after a failed one, sized so that the target share of requests fails.
        /// </summary>
        private void LearnMaxPrice(bool served)
        {
            var down = _c.MaxPriceStepDown;
            var up = down * (1 - _c.TargetFailureRate) / _c.TargetFailureRate;
            _maxPrice = served ? _maxPrice * (1 - down) : Math.Min(_ceiling, _maxPrice * (1 + up));
        }

        /// <summary>The first block time strictly after t (a transaction sent at t lands there).</summary>
        private double NextBlock(double t) => (Math.Floor(t / B) + 1) * B;

        /// <summary>The first block time at or after t.</summary>
        private double BlockAtOrAfter(double t) => Math.Ceiling(t / B) * B;

        private long BidGas => _gas.CommitBid + _gas.RevealBid;

        private double Floor(ProverAgent p) => Floor(p, _mechanism);

        /// <summary>
        /// The least price a prover accepts for a request it is assigned under <paramref name="kind"/>:
        /// expected cost and the gas it pays when it wins, plus margin. A sealed bidder also pays gas for
        /// the bids it loses, so it spreads that over its expected wins (its bid gas over its win rate).
        /// </summary>
        private double Floor(ProverAgent p, MechanismKind kind) => kind switch
        {
            MechanismKind.SealedBid => ((p.MeanProofCostUsd + ExpectedSlash + _gas.Usd(_gas.Fulfill)) * (1 + _c.MinMargin)) + (_gas.Usd(BidGas) / Math.Max(p.WinRate, MinWinRate)),
            MechanismKind.Dutch => (p.MeanProofCostUsd + ExpectedSlash + _gas.Usd(_gas.DutchLock + _gas.Fulfill)) * (1 + _c.MinMargin),
            MechanismKind.Orderbook => (p.MeanProofCostUsd + ExpectedSlash + _gas.Usd(_gas.Fulfill) + (_gas.Usd(_gas.PostAsk) / AskRepriceEvery)) * (1 + _c.MinMargin),
            _ => (p.MeanProofCostUsd + _gas.Usd(_gas.RaceCommit + _gas.Fulfill)) * (1 + _c.MinMargin),
        };

        private bool Free(ProverAgent p, double at) => p.BusyUntil <= at;

        /// <summary>Online for the request: the scenario's draw, and not caught in the outage.</summary>
        private bool Online(int j, int prover) =>
            _s.Online(j, prover) && !(_outageProver[prover] && _s.Arrivals[j] >= _outageFrom && _s.Arrivals[j] < _outageTo);

        /// <summary>Whether the prover drops request j's job (after assignment; a racer never commits).</summary>
        private bool Drops(int j, int prover) => _fault.Dropout > 0 && _dropDraw[(j * _provers.Length) + prover] < _fault.Dropout;

        /// <summary>What an assigned prover expects to lose to slashing per job it wins.</summary>
        private double ExpectedSlash => _fault.Dropout * _f.CollateralUsd;

        private void Pay(ProverAgent winner, double priceUsd)
        {
            winner.RevenueUsd += priceUsd;
            winner.Wins++;
            _roundProfit[winner.Index] += priceUsd;
        }

        private void Spend(ProverAgent p, double machineSeconds, double gasUsd)
        {
            var cost = machineSeconds * p.UsdPerSecond;
            p.ProvingCostUsd += cost;
            p.MachineSeconds += machineSeconds;
            p.GasUsd += gasUsd;
            _roundProfit[p.Index] -= cost + gasUsd;
        }

        private void LearnWinRate(ProverAgent p, bool won) => p.WinRate += _c.WinRateSmoothing * ((won ? 1.0 : 0.0) - p.WinRate);

        private static RoundRecord Failed(int j, long gas, long requesterGas, int participants) =>
            new(j, false, -1, double.NaN, double.NaN, 0, 0, 0, 0, gas, participants, requesterGas);

        private bool Available(ProverAgent p, int j, double at) => p.InMarket && Online(j, p.Index) && Free(p, at);

        private RoundRecord SealedBidRound(int j)
        {
            var a = _s.Arrivals[j];
            var finalizeAt = NextBlock(a + _c.SealedBid.CommitSeconds + _c.SealedBid.RevealSeconds);
            // A prover whose bid the contract would reject (above maxPrice) does not pay to send it.
            var bidders = _provers.Where(p => Available(p, j, finalizeAt) && Floor(p) <= MaxPrice).OrderBy(p => _s.Order(j, p.Index)).ToArray();
            var auction = new SealedBidAuction(ToUnits(MaxPrice));
            uint seq = 0;
            foreach (var p in bidders)
            {
                // Truthful bidding is dominant in a second-price auction: bid the floor.
                auction.Reveal(p.Index, ToUnits(Floor(p)), ++seq);
                p.Participations++;
                Spend(p, 0, _gas.Usd(BidGas));
            }
            long gas = _gas.Submit + (bidders.Length * BidGas);
            long requesterGas = _gas.Submit;
            var clearing = auction.Clear();
            foreach (var p in bidders)
            {
                LearnWinRate(p, clearing is { } c1 && c1.Winner == p.Index);
            }
            if (clearing is not { } won)
            {
                // No eligible bid: the contract re-opens the request as a Dutch auction from price 0.
                return _f.MaxReopens == 0 ? Failed(j, gas, requesterGas, 0)
                    : DutchAuctionRound(j, a, finalizeAt, 0, p => Floor(p, MechanismKind.Dutch), adapt: false, gas, requesterGas, 0, round: 1, rampSeconds: _f.ReopenRampSeconds) with { Reopened = true };
            }
            var w = _provers[won.Winner];
            var winningBid = Floor(w);
            foreach (var o in _provers.Where(p => !p.InMarket))
            {
                // Had it bid its floor: it wins when below the winner and is paid about the winner's bid.
                var wouldWin = Floor(o) < winningBid && Online(j, o.Index);
                _roundProfit[o.Index] = wouldWin
                    ? winningBid - (_s.ProofSeconds(j, o.Index) * o.UsdPerSecond) - _gas.Usd(BidGas + _gas.Fulfill)
                    : -_gas.Usd(BidGas);
                LearnWinRate(o, wouldWin);
            }
            var price = ToUsd(won.Price);
            // The requester finalizes (it wants its proof; the measured run does the same).
            gas += _gas.Finalize;
            requesterGas += _gas.Finalize;
            if (Drops(j, w.Index))
            {
                return SlashAndReopen(j, a, w, finalizeAt, price, gas, requesterGas, bidders.Length, 0, default);
            }
            var t = _s.ProofSeconds(j, w.Index);
            Spend(w, t, _gas.Usd(_gas.Fulfill));
            Pay(w, price);
            w.BusyUntil = finalizeAt + t;
            gas += _gas.Fulfill;
            var verified = NextBlock(finalizeAt + t);
            var cost = t * w.UsdPerSecond;
            return new RoundRecord(j, true, w.Index, price, verified - a, t, t, 1, cost, gas, bidders.Length, requesterGas, cost);
        }

        private RoundRecord DutchRound(int j)
        {
            var a = _s.Arrivals[j];
            return DutchAuctionRound(j, a, NextBlock(a), _c.Dutch.MinPriceUsd, p => p.Ask, adapt: true, _gas.Submit, _gas.Submit, 0);
        }

        /// <summary>
        /// The assigned prover <paramref name="w"/> dropped the job it took at <paramref name="price"/>:
        /// after the proving window anyone slashes its collateral, split by the contract's rule
        /// (<see cref="Slashing.Split"/>: compensation and bounty each capped at the assigned price, the
        /// keeper at its cap, the rest burned); the operator cools down, and while re-opens and time
        /// remain the request re-opens as a Dutch auction from the failed price to maxPrice over the
        /// re-open ramp, without it, the accumulated bounty paid on top of the price. Otherwise it
        /// expires: the escrow goes back and the unused bounty is burned (the contract's _expire).
        /// </summary>
        private RoundRecord SlashAndReopen(int j, double a, ProverAgent w, double assignedAt, double price, long gas, long requesterGas, int participants, int round, SlashTally tally)
        {
            var collateral = _f.CollateralUsd;
            var slashAt = NextBlock(assignedAt + _f.ProvingWindowSeconds);
            w.BusyUntil = Math.Max(w.BusyUntil, slashAt + _f.CooldownSeconds);
            w.SlashedUsd += collateral;
            _roundProfit[w.Index] -= collateral;
            var bps = _f.SplitBps;
            var split = Slashing.Split(ToUnits(collateral), bps.Requester, bps.Bounty, bps.Keeper, ToUnits(_f.KeeperCapUsd), ToUnits(price));
            tally = tally with
            {
                Slashed = tally.Slashed + collateral,
                Compensation = tally.Compensation + ToUsd(split.Compensation),
                Bounty = tally.Bounty + ToUsd(split.Bounty),
                Keeper = tally.Keeper + ToUsd(split.Keeper),
                Burned = tally.Burned + ToUsd(split.Burned),
            };
            var lastAssign = a + _c.DeadlineSeconds - _f.ProvingWindowSeconds;
            if (round >= _f.MaxReopens || slashAt > lastAssign)
            {
                return tally.Apply(Failed(j, gas, requesterGas, participants), served: false);
            }
            var bounty = tally.Bounty;
            var ramp = Math.Min(_f.ReopenRampSeconds, Math.Max(0, lastAssign - slashAt));
            return DutchAuctionRound(j, a, slashAt, Math.Min(price, MaxPrice), p => Math.Max(0, Floor(p, MechanismKind.Dutch) - bounty), adapt: false, gas, requesterGas, participants,
                excluded: w, round: round + 1, rampSeconds: ramp, tally: tally) with { Reopened = true };
        }

        /// <summary>The slashes a request has been through so far (totals over its re-opens).</summary>
        private readonly record struct SlashTally(double Slashed, double Compensation, double Bounty, double Keeper, double Burned)
        {
            /// <summary>Books the slashes on the request's record: a bounty nobody earned is burned.</summary>
            public RoundRecord Apply(RoundRecord r, bool served) => Slashed == 0 ? r : r with
            {
                SlashedUsd = Slashed,
                CompensationUsd = Compensation,
                BountyUsd = served ? Bounty : 0,
                KeeperUsd = Keeper,
                BurnedUsd = Burned + (served ? 0 : Bounty),
            };
        }

        /// <summary>
        /// A Dutch auction from <paramref name="start"/>: each prover locks in the first block that both
        /// offers its ask and finds it free; the earliest lock wins at that block's price. Also the
        /// fallback of a sealed-bid auction nobody could win (the contract re-opens it as a Dutch auction).
        /// </summary>
        private RoundRecord DutchAuctionRound(int j, double a, double start, double minPriceUsd, Func<ProverAgent, double> askOf, bool adapt, long gas, long requesterGas, int participants,
            ProverAgent? excluded = null, int round = 0, double? rampSeconds = null, SlashTally tally = default)
        {
            var minUnits = ToUnits(minPriceUsd);
            var maxUnits = ToUnits(MaxPrice);
            var startSec = (ulong)Math.Round(start);
            var endSec = startSec + (ulong)Math.Round(rampSeconds ?? _c.Dutch.RampSeconds);
            // A re-opened request is assignable only while a full proving window remains (the contract's assignableAt).
            var lastLock = a + _c.DeadlineSeconds - (round > 0 ? _f.ProvingWindowSeconds : 0);
            var bounty = tally.Bounty;

            // A prover watching the ramp sends its lock so that it lands in the first block whose
            // timestamp offers at least its ask (and in which it has capacity); it pays that block's price.
            double? LockBlock(ProverAgent p, double ask)
            {
                if (DutchAuction.TimeReaching(minUnits, maxUnits, startSec, endSec, ToUnits(ask)) is not { } r)
                {
                    return null;
                }
                var block = Math.Max(Math.Max(start, BlockAtOrAfter(r)), BlockAtOrAfter(p.BusyUntil));
                return block <= lastLock ? block : null;
            }

            double PriceAtBlock(double block) => ToUsd(DutchAuction.PriceAt(minUnits, maxUnits, startSec, endSec, (ulong)Math.Round(block)));

            ProverAgent? winner = null;
            var winBlock = double.PositiveInfinity;
            var eligible = new List<ProverAgent>();
            var priced = new List<ProverAgent>();
            foreach (var p in _provers.Where(p => p.InMarket && p != excluded && Online(j, p.Index)))
            {
                if (askOf(p) > MaxPrice)
                {
                    priced.Add(p);
                }
                if (LockBlock(p, askOf(p)) is not { } block)
                {
                    continue;
                }
                eligible.Add(p);
                if (block < winBlock || (block == winBlock && _s.Order(j, p.Index) < _s.Order(j, winner!.Index)))
                {
                    winner = p;
                    winBlock = block;
                }
            }
            var dutchFloor = (ProverAgent p) => Floor(p, MechanismKind.Dutch);
            // A re-opened request's outsiders were already judged on its first auction.
            foreach (var o in _provers.Where(p => !p.InMarket && excluded is null))
            {
                _roundProfit[o.Index] = LockBlock(o, dutchFloor(o)) is { } b && b < winBlock && Online(j, o.Index)
                    ? PriceAtBlock(b) - (_s.ProofSeconds(j, o.Index) * o.UsdPerSecond) - _gas.Usd(_gas.DutchLock + _gas.Fulfill)
                    : 0;
            }
            if (adapt)
            {
                // An ask the ramp never reaches wins nothing: come down.
                foreach (var p in priced)
                {
                    p.Ask = Math.Max(Floor(p), p.Ask * (1 - _c.AskStep));
                }
            }
            if (winner is null)
            {
                // Nobody locked before the deadline: the request expires (an earlier slash's bounty is burned).
                return tally.Apply(Failed(j, gas, requesterGas, participants), served: false);
            }
            var price = PriceAtBlock(winBlock);
            if (Drops(j, winner.Index))
            {
                Spend(winner, 0, _gas.Usd(_gas.DutchLock));
                winner.Participations++;
                return SlashAndReopen(j, a, winner, winBlock, price, gas + _gas.DutchLock, requesterGas, Math.Max(participants, 1), round, tally);
            }
            var t = _s.ProofSeconds(j, winner.Index);
            Spend(winner, t, _gas.Usd(_gas.DutchLock + _gas.Fulfill));
            // A rescuer is paid the rescue bounty on top of the price.
            Pay(winner, price + bounty);
            winner.Participations++;
            winner.BusyUntil = winBlock + t;
            if (adapt)
            {
                // Learning to shade: ask more after a win, less (never below the floor) after a loss.
                winner.Ask = Math.Min(MaxPrice, winner.Ask * (1 + _c.AskStep));
                foreach (var p in eligible.Where(p => p != winner))
                {
                    p.Ask = Math.Max(Floor(p), p.Ask * (1 - _c.AskStep));
                }
            }
            gas += _gas.DutchLock + _gas.Fulfill;
            var verified = NextBlock(winBlock + t);
            var cost = t * winner.UsdPerSecond;
            return tally.Apply(new RoundRecord(j, true, winner.Index, price, verified - a, t, t, 1, cost, gas, Math.Max(participants, 1), requesterGas, cost), served: true);
        }

        private long PostAsk(ProverAgent p, double at, Func<long, bool> eligible, List<Match> matches)
        {
            if (_askIds[p.Index] != 0)
            {
                _book.CancelAsk(_askIds[p.Index]);
            }
            var now = (ulong)Math.Round(at);
            _askIds[p.Index] = _book.PlaceAsk(p.Index, ToUnits(p.Ask), ulong.MaxValue, now, eligible, matches);
            p.PostedAsk = p.Ask;
            Spend(p, 0, _gas.Usd(_gas.PostAsk));
            return _gas.PostAsk;
        }

        private RoundRecord OrderbookRound(int j)
        {
            var a = _s.Arrivals[j];
            var at = NextBlock(a);
            long gas = 0;
            var matches = new List<Match>();
            if (j % AskRepriceEvery == 0)
            {
                foreach (var p in _provers.Where(p => p.InMarket && Math.Abs(p.Ask - p.PostedAsk) > 1e-12))
                {
                    // Nothing rests between rounds in this model, so a re-post never trades by itself.
                    gas += PostAsk(p, at, _ => false, matches);
                }
            }
            var match = _book.SubmitRequest(j, ToUnits(MaxPrice), (ulong)Math.Round(at), i => Available(_provers[i], j, at));
            // A submission that matches a resting ask also locks its collateral: the dearer transaction.
            long requesterGas = match is null ? _gas.Submit : _gas.OrderbookSubmit;
            gas += requesterGas;
            var start = at;
            if (match is null)
            {
                // The request rests as a bid at maxPrice; the first prover to come free re-posts its
                // ask, which trades at the resting request's price.
                foreach (var p in _provers.Where(p => p.InMarket && p.PostedAsk > MaxPrice))
                {
                    p.Ask = Math.Max(Floor(p), p.Ask * (1 - _c.AskStep));
                }
                var next = _provers.Where(p => p.InMarket && Online(j, p.Index) && p.Ask <= MaxPrice)
                    .OrderBy(p => p.BusyUntil).FirstOrDefault();
                if (next is null || NextBlock(next.BusyUntil) - a > _c.DeadlineSeconds)
                {
                    _book.RemoveRequest(j);
                    OrderbookOutsiders(j, MaxPrice);
                    return Failed(j, gas, requesterGas, 0);
                }
                start = NextBlock(Math.Max(a, next.BusyUntil));
                gas += PostAsk(next, start, _ => true, matches);
                match = matches.Find(m => m.RequestId == j);
                if (matches.Count == 0)
                {
                    _book.RemoveRequest(j);
                    OrderbookOutsiders(j, MaxPrice);
                    return Failed(j, gas, requesterGas, 0);
                }
            }
            var trade = match.Value;
            var winner = _provers[trade.Prover];
            var price = ToUsd(trade.Price);
            if (Drops(j, winner.Index))
            {
                winner.Participations++;
                OrderbookOutsiders(j, price);
                return SlashAndReopen(j, a, winner, start, price, gas, requesterGas, 1, 0, default);
            }
            var t = _s.ProofSeconds(j, winner.Index);
            Spend(winner, t, _gas.Usd(_gas.Fulfill));
            Pay(winner, price);
            winner.Participations++;
            winner.BusyUntil = start + t;
            winner.Ask = Math.Min(MaxPrice, winner.Ask * (1 + _c.AskStep));
            foreach (var p in _provers.Where(p => p != winner && Available(p, j, at) && p.PostedAsk > price))
            {
                p.Ask = Math.Max(Floor(p), p.Ask * (1 - _c.AskStep));
            }
            OrderbookOutsiders(j, price);
            gas += _gas.Fulfill;
            var verified = NextBlock(start + t);
            var cost = t * winner.UsdPerSecond;
            return new RoundRecord(j, true, winner.Index, price, verified - a, t, t, 1, cost, gas, 1, requesterGas, cost);
        }

        private void OrderbookOutsiders(int j, double clearedAt)
        {
            foreach (var o in _provers.Where(p => !p.InMarket))
            {
                var floor = Floor(o);
                _roundProfit[o.Index] = floor < clearedAt && Online(j, o.Index)
                    ? floor - (_s.ProofSeconds(j, o.Index) * o.UsdPerSecond) - _gas.Usd(_gas.Fulfill)
                    : -_gas.Usd(_gas.PostAsk) / AskRepriceEvery;
            }
        }

        private RoundRecord RaceRound(int j)
        {
            var a = _s.Arrivals[j];
            var start = NextBlock(a);
            // A rational race pays the full escrow: the reward is the maxPrice.
            var reward = MaxPrice;
            var commitGas = _gas.Usd(_gas.RaceCommit);
            var fulfilGas = _gas.Usd(_gas.Fulfill);

            // Joins when its expected pay covers its cost: win-rate x (reward - reveal gas) >= cost + commit gas.
            // In the other regimes every prover still in races.
            bool WouldRace(ProverAgent p) => !Adaptive ||
                p.WinRate * (reward - fulfilGas) >= (p.MeanProofCostUsd + commitGas) * (1 + _c.MinMargin);

            // A busy prover joins when its current job ends (the race stays open until its deadline).
            double StartOf(ProverAgent p) => Math.Max(start, BlockAtOrAfter(p.BusyUntil));

            double CommitBlock(ProverAgent p) => NextBlock(StartOf(p) + _s.ProofSeconds(j, p.Index));

            bool Earlier(ProverAgent x, ProverAgent y) =>
                CommitBlock(x) < CommitBlock(y) || (CommitBlock(x) == CommitBlock(y) && _s.Order(j, x.Index) < _s.Order(j, y.Index));

            var candidates = _provers.Where(p => p.InMarket && Online(j, p.Index) && !Drops(j, p.Index) && WouldRace(p) && StartOf(p) - a <= _c.DeadlineSeconds)
                .OrderBy(CommitBlock).ThenBy(p => _s.Order(j, p.Index)).ToArray();

            // Settle through the contract's rule: commitments in chain order, then each racer reveals
            // one block after its commitment unless a valid reveal has already closed the request.
            var race = new ProofRace(ToUnits(reward));
            foreach (var p in candidates)
            {
                race.Commit(p.Index, BlockNumber(CommitBlock(p)));
            }
            foreach (var p in candidates)
            {
                race.Reveal(p.Index, BlockNumber(CommitBlock(p) + B), proofValid: true);
            }
            var winner = race.Clear() is { } cleared ? _provers[cleared.Winner] : null;
            long gas = _gas.Submit;
            var revealAt = winner is null ? double.PositiveInfinity : CommitBlock(winner) + B;
            // Whoever would only start after the winning reveal sees the request closed and never starts.
            var racers = candidates.Where(p => StartOf(p) < revealAt).ToArray();

            if (Adaptive)
            {
                // Learning: every online prover that could have started asks itself whether it would have won.
                foreach (var p in _provers.Where(p => Online(j, p.Index) && StartOf(p) < revealAt))
                {
                    LearnWinRate(p, winner is null || p == winner || Earlier(p, winner));
                }
                foreach (var o in _provers.Where(p => !p.InMarket))
                {
                    var time = _s.ProofSeconds(j, o.Index);
                    if (!Online(j, o.Index))
                    {
                        _roundProfit[o.Index] = 0;
                    }
                    else if (winner is null || Earlier(o, winner))
                    {
                        _roundProfit[o.Index] = reward - (time * o.UsdPerSecond) - commitGas - fulfilGas;
                    }
                    else
                    {
                        var worked = Math.Max(0, Math.Min(time, revealAt - StartOf(o)));
                        _roundProfit[o.Index] = -(worked * o.UsdPerSecond) - (worked >= time ? commitGas : 0);
                    }
                }
            }
            if (winner is null)
            {
                return Failed(j, gas, _gas.Submit, 0);
            }

            double machineSeconds = 0, proofs = 0, provingCost = 0, spent = 0;
            foreach (var p in racers)
            {
                var time = _s.ProofSeconds(j, p.Index);
                var begin = StartOf(p);
                // A loser keeps proving until the winning reveal lands (a commitment alone may be
                // invalid), then stops: the request is closed.
                var worked = p == winner ? time : Math.Min(time, revealAt - begin);
                var committed = worked >= time;
                Spend(p, worked, committed ? commitGas : 0);
                p.Participations++;
                p.BusyUntil = begin + worked;
                machineSeconds += worked;
                proofs += worked / time;
                provingCost += worked * p.UsdPerSecond;
                spent += (worked * p.UsdPerSecond) + (committed ? commitGas : 0);
                if (committed)
                {
                    gas += _gas.RaceCommit;
                }
            }
            Spend(winner, 0, fulfilGas);
            spent += fulfilGas;
            // Outside the rational market the reward is what keeps the racers in: their whole spend.
            var paid = Adaptive ? reward : spent;
            Pay(winner, paid);
            gas += _gas.Fulfill;
            var useful = _s.ProofSeconds(j, winner.Index);
            return new RoundRecord(j, true, winner.Index, paid, revealAt - a, machineSeconds, useful, proofs, provingCost, gas, racers.Length, _gas.Submit, useful * winner.UsdPerSecond);
        }

        private ulong BlockNumber(double time) => (ulong)Math.Round(time / B);

        private void Review(int j)
        {
            var k = _provers.Length;
            foreach (var p in _provers)
            {
                // Provers review at staggered times, so they do not all leave or come back at once.
                var offset = p.Index * _c.ReviewEvery / k;
                if ((j + offset) % _c.ReviewEvery != 0 || !p.WindowFull || j - p.SinceRequest < _c.ExitWindow)
                {
                    continue;
                }
                if (p.InMarket && p.WindowProfit < 0)
                {
                    p.Leave(j);
                    if (_askIds[p.Index] != 0)
                    {
                        _book.CancelAsk(_askIds[p.Index]);
                        _askIds[p.Index] = 0;
                    }
                }
                else if (!p.InMarket && p.WindowProfit > 0)
                {
                    p.Enter(j);
                    p.Ask = Math.Min(MaxPrice, Floor(p) * (1 + _c.MinMargin));
                    if (_mechanism == MechanismKind.Orderbook)
                    {
                        _carryGas += PostAsk(p, _s.Arrivals[j], _ => false, []);
                    }
                }
            }
        }
    }
}
