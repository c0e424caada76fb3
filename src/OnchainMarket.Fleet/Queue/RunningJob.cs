using System.Numerics;

namespace OnchainMarket.Fleet.Queue;

/// <summary>
/// A job leased now, as its worker last reported it: its progress (1 = circuit files ready, 2 =
/// proving) since <paramref name="ProgressAt"/>, its last heartbeat, its due time (unix seconds,
/// chain time), and the workers that may not take it.
/// </summary>
public sealed record RunningJob(
    BigInteger RequestId,
    int Round,
    string CircuitId,
    long ProveBy,
    string Worker,
    int Progress,
    DateTimeOffset ProgressAt,
    DateTimeOffset HeartbeatAt,
    IReadOnlyList<string> Excluded);
