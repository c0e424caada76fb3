using System.Numerics;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Contracts.ProofMarket.ContractDefinition;
using OnchainMarket.Ethereum;
using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Measured;

internal sealed partial class BenchNetwork
{
    /// <summary>
    /// A Dutch request (fallback on) whose assigned prover never delivers: after the proving window a
    /// keeper (another prover) slashes it; the split, the re-opened ramp, the cooldown and the rescue
    /// (the first other prover whose ask the new ramp reaches locks, proves and is paid price plus
    /// bounty) are each compared with the model's rule.
    /// </summary>
    public async Task<SlashReopenCheck> SlashReopenAsync(CancellationToken cancellationToken)
    {
        var (terms, input) = Terms(MechanismKind.Dutch);
        terms = terms with { FallbackToAuction = true };
        var (id, t0, gas) = await SubmitAsync(terms, cancellationToken).ConfigureAwait(false);
        var p = (await MarketContracts.QueryDeserializingAsync<ParamsFunction, ParamsOutputDTO>(_requester.Market, new ParamsFunction(), cancellationToken).ConfigureAwait(false)).ReturnValue1;

        // The dropout: the cheapest prover locks (as in a Dutch round) and then never fulfils.
        var start = (ulong)t0;
        var end = start + (ulong)terms.RampDuration;
        var (dropper, lockAt) = FirstLock(Enumerable.Range(0, K), (ulong)terms.MinPrice, (ulong)terms.MaxPrice, start, end, t0 + 1);
        var locked = await _miner.MineOneAsync(lockAt, b => Send(_provers[dropper], new LockFunction { Id = id }, b, cancellationToken), cancellationToken).ConfigureAwait(false);
        gas += (long)locked.GasUsed.Value;
        var assigned = MarketContracts.Events<RequestAssignedEventDTO>(locked, _requester.Market).Single();

        var keeper = (dropper + 1) % K;
        var slashAt = (long)assigned.ProveBy + 1;
        var slash = await _miner.MineOneAsync(slashAt, b => Send(_provers[keeper], new SlashFunction { ReturnValue1 = id }, b, cancellationToken), cancellationToken).ConfigureAwait(false);
        gas += (long)slash.GasUsed.Value;
        var slashed = MarketContracts.Events<ProverSlashedEventDTO>(slash, _requester.Market).Single();
        var reopened = MarketContracts.Events<RequestReopenedEventDTO>(slash, _requester.Market).Single();

        // The model's split: Slashing.Split with the request's parameters, the loss capped at the assigned price (ETH escrow).
        var predicted = Slashing.Split((ulong)slashed.Slashed, p.SlashRequesterBps, p.SlashBountyBps, p.SlashKeeperBps, (ulong)p.KeeperRewardCap, (ulong)assigned.Price);
        var splitAgrees = slashed.Slashed == _settings.CollateralWei
            && slashed.RequesterShare == predicted.Compensation && slashed.BountyShare == predicted.Bounty
            && slashed.KeeperShare == predicted.Keeper && slashed.Burned == predicted.Burned;
        // The model's re-open: round 1, a Dutch ramp from the failed price to maxPrice over reopenRamp,
        // ending no later than the last moment a full proving window remains; the dropper excluded.
        var lastAssignable = terms.Deadline - terms.ProvingWindow;
        var expectedEnd = Math.Min(slashAt + p.ReopenRamp, lastAssignable);
        var reopenAgrees = reopened.Round == 1 && reopened.MinPrice == BigInteger.Min(assigned.Price, terms.MaxPrice)
            && (long)reopened.RampStart == slashAt && (long)reopened.RampEnd == expectedEnd
            && Address.Parse(reopened.Excluded) == _provers[dropper].Account && reopened.Bounty == predicted.Bounty;
        var cooldownAgrees = (long)slashed.CooldownUntil == slashAt + p.Cooldown;

        // The rescue: the other provers watch the new ramp; the first it reaches locks at that block's price.
        var (minP, maxP, rampStart, rampEnd) = ((ulong)reopened.MinPrice, (ulong)terms.MaxPrice, (ulong)reopened.RampStart, (ulong)reopened.RampEnd);
        var (rescuer, rescueAt) = FirstLock(Enumerable.Range(0, K).Where(i => i != dropper), minP, maxP, rampStart, rampEnd, slashAt + 1);
        var relock = await _miner.MineOneAsync(rescueAt, b => Send(_provers[rescuer], new LockFunction { Id = id }, b, cancellationToken), cancellationToken).ConfigureAwait(false);
        gas += (long)relock.GasUsed.Value;
        var rescue = MarketContracts.Events<RequestAssignedEventDTO>(relock, _requester.Market).Single();
        var proof = Prove(rescuer, input, terms.PublicInputs, cancellationToken);
        var fulfil = await _miner.MineOneAsync(rescueAt + Math.Max(1, proof.ChainSeconds), b => Send(_provers[rescuer],
            new FulfillFunction { Id = id, Proof = [.. proof.Job.Proof], PublicInputs = [.. terms.PublicInputs] }, b, cancellationToken), cancellationToken).ConfigureAwait(false);
        gas += (long)fulfil.GasUsed.Value;
        var paid = MarketContracts.Events<RequestFulfilledEventDTO>(fulfil, _requester.Market).Single();
        var rescueAgrees = rescue.Price == DutchAuction.PriceAt(minP, maxP, rampStart, rampEnd, (ulong)rescueAt) && Address.Parse(rescue.Prover) == _provers[rescuer].Account
            && Address.Parse(paid.Prover) == _provers[rescuer].Account && paid.Price == rescue.Price && paid.Bounty == predicted.Bounty;

        return new SlashReopenCheck(K, assigned.Price, slashed.Slashed, slashed.RequesterShare, slashed.BountyShare, slashed.KeeperShare, slashed.Burned,
            reopened.MinPrice, (long)(reopened.RampEnd - reopened.RampStart), rescue.Price, paid.Price + paid.Bounty, _miner.Now - t0,
            splitAgrees, reopenAgrees, cooldownAgrees, rescueAgrees, gas, null);
    }

    /// <summary>Among <paramref name="candidates"/>, the prover whose ask the ramp reaches first (ties to the lower index) and the block time it locks at.</summary>
    private (int Prover, long At) FirstLock(IEnumerable<int> candidates, ulong minPrice, ulong maxPrice, ulong start, ulong end, long earliest) =>
        candidates.Select(i => (Prover: i, At: Math.Max(earliest, (long)(DutchAuction.TimeReaching(minPrice, maxPrice, start, end, (ulong)_asks[i]) ?? end))))
            .OrderBy(x => x.At).ThenBy(x => x.Prover).First();
}
