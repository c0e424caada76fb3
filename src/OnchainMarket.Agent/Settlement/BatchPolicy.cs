namespace OnchainMarket.Agent.Settlement;

/// <summary>
/// Decides which ready proofs to send now, and how. Pure: the clock is an argument.
/// <list type="bullet">
/// <item>A proof that cannot afford the whole wait (less than <see cref="BatchOptions.MaxWait"/> plus the
/// inclusion margin left) is never held: it goes alone, at once.</item>
/// <item>The others are grouped by circuit (a batch verifies one circuit's proofs with one pairing check)
/// and a group is sent when it fills a batch or when its oldest proof has waited <see cref="BatchOptions.MaxWait"/>.</item>
/// <item>A held proof whose window has come within the margin (the clock jumped) is also sent alone: a batch
/// that reverts on one bad entry costs its members a second transaction, which such a proof cannot afford.</item>
/// </list>
/// </summary>
public sealed class BatchPolicy
{
    private readonly BatchOptions _options;

    public BatchPolicy(BatchOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <summary>Whether <paramref name="proof"/> may be held for a batch at all.</summary>
    public bool MayHold(ReadyProof proof) =>
        proof.ProveBy - proof.ReadyAt > (long)_options.MaxWait.TotalSeconds + _options.InclusionMarginSeconds;

    /// <summary>The settlements due at <paramref name="now"/>; proofs not named in any stay held.</summary>
    /// <param name="all">Every group is due (the agent is stopping): still batched, tight ones still alone.</param>
    public IReadOnlyList<SettlementPlan> Due(IEnumerable<ReadyProof> held, long now, bool all = false)
    {
        var plans = new List<SettlementPlan>();
        var wait = (long)_options.MaxWait.TotalSeconds;
        var margin = _options.InclusionMarginSeconds;
        foreach (var group in held.GroupBy(p => p.CircuitId))
        {
            var tight = group.Where(p => !MayHold(p) || p.ProveBy - now <= margin).OrderBy(p => p.RequestId).ToList();
            plans.AddRange(tight.Select(p => new SettlementPlan([p])));
            var proofs = group.Except(tight).OrderBy(p => p.ReadyAt).ThenBy(p => p.RequestId).ToList();
            // Due when the oldest has waited its time, or when waiting on would leave someone less than the margin.
            var due = all || proofs.Any(p => now >= p.ReadyAt + wait || p.ProveBy - now <= margin + wait);
            // Full batches go at once, oldest first; a remainder only when the group is due.
            for (var start = 0; start < proofs.Count; start += _options.MaxSize)
            {
                var chunk = proofs.GetRange(start, Math.Min(_options.MaxSize, proofs.Count - start));
                if (chunk.Count < _options.MaxSize && !due)
                {
                    break;
                }
                // The contract takes ids strictly increasing.
                plans.Add(new SettlementPlan([.. chunk.OrderBy(p => p.RequestId)]));
            }
        }
        return plans;
    }
}
