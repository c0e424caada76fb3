namespace OnchainMarket.Agent.Safety;

/// <summary>
/// Stops the prover taking new work after a failure (a proof that would not verify, a job that
/// could not be delivered) or a slash, until the operator resets it. A cascade of slashes is the
/// failure operators fear most; a breaker that needs a person to close it again prevents one.
/// Work already promised continues: abandoning it would only add slashes. Thread-safe.
/// </summary>
public sealed class CircuitBreaker
{
    private readonly Lock _gate = new();
    private readonly Action<BreakerState>? _persist;
    private BreakerState _state;

    /// <param name="initial">State loaded at start (a breaker open before a restart stays open).</param>
    /// <param name="persist">Called with each new state before it takes effect.</param>
    public CircuitBreaker(BreakerState? initial = null, Action<BreakerState>? persist = null)
    {
        _state = initial ?? BreakerState.Closed;
        _persist = persist;
    }

    public BreakerState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Whether new work may be taken.</summary>
    public bool AllowsNewWork => !State.Open;

    /// <summary>Opens the breaker; the first reason is kept if it is already open.</summary>
    /// <returns>True when this call opened it.</returns>
    public bool Trip(string reason, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_state.Open)
            {
                return false;
            }
            var next = new BreakerState(true, reason, at);
            _persist?.Invoke(next);
            _state = next;
            return true;
        }
    }

    /// <summary>Closes the breaker (the operator's decision).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _persist?.Invoke(BreakerState.Closed);
            _state = BreakerState.Closed;
        }
    }

    /// <summary>Adopts a state written by someone else (the operator's <c>omkt prover reset</c>).</summary>
    public void Adopt(BreakerState state)
    {
        lock (_gate)
        {
            _state = state;
        }
    }
}
