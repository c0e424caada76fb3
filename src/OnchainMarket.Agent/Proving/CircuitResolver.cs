using System.Collections.Concurrent;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Proving;

/// <summary>
/// Resolves circuits off the agent's loop: the first look at an unknown circuit starts its
/// resolution (registry reads, file search, fetch) on a worker with a deadline and returns at
/// once; the loop looks again on a later tick. Whatever goes wrong — a server that trickles, a
/// name that is not a file name, a constraint count no machine can prove, a bug — is a failure
/// of that circuit: it is remembered (negative cache) and tried again only after
/// <see cref="RetryAfter"/>, so one bad circuit never stops the loop or costs a fetch every tick.
/// </summary>
public sealed class CircuitResolver(CircuitLibrary library, MarketContracts chain, StructuredLog log)
{
    private readonly ConcurrentDictionary<Hash32, Entry> _entries = new();

    /// <summary>Longest one resolution may take, fetches included.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a failed circuit is left alone before it is tried again.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>What is known now: the files, or null with whether a resolution is still under way.</summary>
    public CircuitFiles? TryGet(Hash32 circuitId, out bool pending)
    {
        var now = DateTime.UtcNow;
        var entry = _entries.AddOrUpdate(circuitId,
            _ => Start(circuitId),
            (_, old) => old.Failed is not null && now - old.FailedAt >= RetryAfter ? Start(circuitId) : old);
        pending = entry.Task is { IsCompleted: false };
        return entry.Files;
    }

    /// <summary>Why a circuit is unusable, or null.</summary>
    public string? FailureOf(Hash32 circuitId) => _entries.TryGetValue(circuitId, out var entry) ? entry.Failed : null;

    /// <summary>Resolves and waits (start-up, tests); a failure is a <see cref="CircuitFileException"/>.</summary>
    public async Task<CircuitFiles> ResolveAsync(Hash32 circuitId, CancellationToken cancellationToken)
    {
        TryGet(circuitId, out _);
        var entry = _entries[circuitId];
        if (entry.Task is not null)
        {
            await entry.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        entry = _entries[circuitId];
        return entry.Files ?? throw new CircuitFileException(entry.Failed ?? $"circuit {circuitId} is not resolved");
    }

    private Entry Start(Hash32 circuitId)
    {
        var entry = new Entry();
        entry.Task = Task.Run(() => RunAsync(circuitId, entry));
        return entry;
    }

    private async Task RunAsync(Hash32 circuitId, Entry entry)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            entry.Files = await library.ResolveAsync(chain, circuitId, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Whatever the cause, it is this circuit's failure, never the process's.
            entry.Failed = e switch
            {
                CircuitFileException => e.Message,
                OperationCanceledException => $"not resolved within {Deadline.TotalSeconds:0} s",
                _ => $"{e.GetType().Name}: {e.Message}",
            };
            entry.FailedAt = DateTime.UtcNow;
            log.Warn("circuit_unusable", ("circuit", circuitId), ("reason", entry.Failed), ("retryInSeconds", (long)RetryAfter.TotalSeconds));
        }
    }

    private sealed class Entry
    {
        public Task? Task { get; set; }

        public volatile CircuitFiles? Files;

        public volatile string? Failed;

        public DateTime FailedAt { get; set; }
    }
}
