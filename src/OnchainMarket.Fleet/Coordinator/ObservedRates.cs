using OnchainMarket.Fleet.Queue;

namespace OnchainMarket.Fleet.Coordinator;

/// <summary>
/// Seconds per proof the workers measured, per worker and circuit, and per backend and circuit (the
/// slowest worker of that backend: a worker that has not measured a circuit yet is assumed no faster
/// than its slowest peer). Pure: built from one look at the live workers.
/// </summary>
public sealed class ObservedRates
{
    private readonly Dictionary<(string Worker, string Circuit), double> _byWorker = [];
    private readonly Dictionary<(string Backend, string Circuit), double> _byBackend = [];
    private readonly Dictionary<string, string> _backendOf = new(StringComparer.Ordinal);

    public ObservedRates(IEnumerable<LiveWorker> workers)
    {
        foreach (var worker in workers)
        {
            _backendOf[worker.Name] = worker.Backend;
            foreach (var (circuit, seconds) in worker.SecondsPerCircuit)
            {
                _byWorker[(worker.Name, circuit)] = seconds;
                var key = (worker.Backend, circuit);
                _byBackend[key] = _byBackend.TryGetValue(key, out var slowest) ? Math.Max(slowest, seconds) : seconds;
            }
        }
    }

    /// <summary>One proof of <paramref name="circuitId"/> on <paramref name="worker"/>: its own measurement, else its backend's; null when neither exists.</summary>
    public TimeSpan? For(string worker, string circuitId)
    {
        if (_byWorker.TryGetValue((worker, circuitId), out var own))
        {
            return TimeSpan.FromSeconds(own);
        }
        return _backendOf.TryGetValue(worker, out var backend) && _byBackend.TryGetValue((backend, circuitId), out var peers)
            ? TimeSpan.FromSeconds(peers)
            : null;
    }
}
