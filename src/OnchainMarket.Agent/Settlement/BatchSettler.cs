using System.Numerics;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Agent.Market;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Ethereum;
using TransactionReceipt = Nethereum.RPC.Eth.DTOs.TransactionReceipt;

namespace OnchainMarket.Agent.Settlement;

/// <summary>
/// Holds ready proofs until <see cref="BatchPolicy"/> says to send them, then settles each group with one
/// <c>fulfillBatch</c>. A delivery awaits its proof's <see cref="SettlementOutcome"/>; a proof that is not
/// batched (alone in its group, no time to wait, a reverted batch) comes back as <see cref="SettlementOutcome.Alone"/>
/// for the caller's single fulfil, so no proof is lost with a batch.
/// </summary>
public sealed class BatchSettler
{
    private readonly BatchPolicy _policy;
    private readonly MarketContracts _chain;
    private readonly StructuredLog _log;
    private readonly Lock _gate = new();
    private readonly Dictionary<(BigInteger Id, int Round), Held> _held = [];

    public BatchSettler(BatchPolicy policy, MarketContracts chain, StructuredLog log)
    {
        _policy = policy;
        _chain = chain;
        _log = log;
    }

    /// <summary>Proofs held now.</summary>
    public int HeldCount
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>Hands over a ready proof; completes once it is settled in a batch or must go alone.</summary>
    public Task<SettlementOutcome> SettleAsync(ReadyProof ready, IReadOnlyList<BigInteger> proof, IReadOnlyList<BigInteger> inputs)
    {
        if (!_policy.MayHold(ready))
        {
            return Task.FromResult<SettlementOutcome>(new SettlementOutcome.Alone("its window cannot afford the batch wait"));
        }
        lock (_gate)
        {
            var key = (ready.RequestId, ready.Round);
            if (!_held.TryGetValue(key, out var held))
            {
                held = new Held(ready, proof, inputs, new TaskCompletionSource<SettlementOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
                _held[key] = held;
                _log.Info("proof_held", ("request", ready.RequestId), ("circuit", ready.CircuitId), ("proveBy", ready.ProveBy), ("held", _held.Count));
            }
            return held.Outcome.Task;
        }
    }

    /// <summary>Sends what is due at <paramref name="now"/> (everything when <paramref name="all"/>, as on shutdown).</summary>
    public async Task FlushAsync(long now, bool all, CancellationToken cancellationToken)
    {
        List<List<Held>> plans;
        lock (_gate)
        {
            var byProof = _held.Values.ToDictionary(h => h.Ready);
            var due = _policy.Due([.. byProof.Keys], now, all);
            plans = [.. due.Select(plan => plan.Proofs.Select(p => byProof[p]).ToList())];
            foreach (var member in plans.SelectMany(p => p))
            {
                _held.Remove((member.Ready.RequestId, member.Ready.Round));
            }
        }
        foreach (var plan in plans)
        {
            if (plan.Count == 1)
            {
                plan[0].Outcome.TrySetResult(new SettlementOutcome.Alone("no other proof of its circuit to batch with"));
                continue;
            }
            await SendAsync(plan, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(List<Held> batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(h => h.Ready.RequestId).ToList();
        TransactionReceipt receipt;
        try
        {
            receipt = await _chain.FulfillBatchAsync(ids, [.. batch.Select(h => h.Proof)], [.. batch.Select(h => h.Inputs)], cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertException e)
        {
            // One bad entry (or one request no longer ours) reverts the whole batch: every member goes alone,
            // and the single fulfils sort out which was which.
            _log.Warn("batch_reverted", ("requests", string.Join(',', ids)), ("error", e.Description));
            Complete(batch, _ => new SettlementOutcome.Alone("the batch reverted: " + e.Description));
            return;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A node hiccup: hold them again (their windows still allow it) and retry on the next flush.
            lock (_gate)
            {
                foreach (var member in batch)
                {
                    _held[(member.Ready.RequestId, member.Ready.Round)] = member;
                }
            }
            throw;
        }
        catch (OperationCanceledException)
        {
            Complete(batch, _ => new SettlementOutcome.Alone("stopping"));
            throw;
        }
        var fulfilled = _chain.EventsOf(receipt).OfType<RequestFulfilled>().ToDictionary(f => f.Id);
        var perProof = (long)(receipt.GasUsed.Value / batch.Count);
        _log.Info("batch_settled", ("requests", string.Join(',', ids)), ("size", batch.Count), ("tx", receipt.TransactionHash),
            ("gas", receipt.GasUsed.Value), ("gasPerProof", perProof));
        Complete(batch, h => fulfilled.TryGetValue(h.Ready.RequestId, out var f)
            ? new SettlementOutcome.Batched(f, batch.Count, perProof)
            : new SettlementOutcome.Alone("the batch's receipt has no fulfilment for it"));
    }

    private static void Complete(List<Held> batch, Func<Held, SettlementOutcome> outcome)
    {
        foreach (var member in batch)
        {
            member.Outcome.TrySetResult(outcome(member));
        }
    }

    private sealed record Held(ReadyProof Ready, IReadOnlyList<BigInteger> Proof, IReadOnlyList<BigInteger> Inputs, TaskCompletionSource<SettlementOutcome> Outcome);
}
