namespace OnchainMarket.Agent.Settlement;

/// <summary>When proofs of one circuit are held back to be settled together with <c>fulfillBatch</c>.</summary>
public sealed record BatchOptions
{
    /// <summary>Longest a ready proof waits for others of its circuit (chain time).</summary>
    public required TimeSpan MaxWait { get; init; }

    /// <summary>Most proofs in one batch; a full batch is sent at once.</summary>
    public int MaxSize { get; init; } = 32;

    /// <summary>
    /// Seconds a settlement transaction is given to land before its proving window closes. A proof
    /// with less than <see cref="MaxWait"/> plus this left is not held at all.
    /// </summary>
    public long InclusionMarginSeconds { get; init; } = 30;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad value.</summary>
    public void Validate()
    {
        if (MaxWait < TimeSpan.Zero)
        {
            throw new ArgumentException($"the batch wait {MaxWait} is negative");
        }
        if (MaxSize < 2)
        {
            throw new ArgumentException($"a batch holds at least 2 proofs, not {MaxSize}");
        }
        if (InclusionMarginSeconds < 0)
        {
            throw new ArgumentException($"the inclusion margin {InclusionMarginSeconds}s is negative");
        }
    }
}
