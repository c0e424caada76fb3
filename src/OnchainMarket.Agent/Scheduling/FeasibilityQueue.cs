using System.Numerics;

namespace OnchainMarket.Agent.Scheduling;

/// <summary>
/// The prover's promises, and the check that a new one can be kept without breaking an old one:
/// at most <c>capacity</c> jobs held at once (a proved job awaiting settlement counts: it is still
/// owed), and an earliest-deadline-first schedule of the jobs still to prove on <c>workers</c>
/// parallel provers in which every one (new and old) finishes at least <c>safety</c> before it is due. The schedule is a simulation, not a plan: if EDF list
/// scheduling meets every deadline the set is feasible, so the check never overcommits, though
/// it may refuse a set a cleverer schedule could fit. Thread-safe.
/// </summary>
public sealed class FeasibilityQueue
{
    private readonly Dictionary<BigInteger, JobTicket> _tickets = [];
    private readonly Lock _gate = new();

    public FeasibilityQueue(int capacity, int workers = 1, TimeSpan? safety = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        Capacity = capacity;
        Workers = workers;
        Safety = safety ?? TimeSpan.FromSeconds(5);
    }

    public int Capacity { get; private set; }

    /// <summary>Sets the most jobs held at once (a fleet's declared capacity follows its live workers); held jobs above it stay.</summary>
    public void Limit(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        lock (_gate)
        {
            Capacity = capacity;
        }
    }

    public int Workers { get; private set; }

    /// <summary>Sets the parallel provers to plan with (a fleet's live workers come and go).</summary>
    public void Resize(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        lock (_gate)
        {
            Workers = workers;
        }
    }

    /// <summary>Time kept between a job's planned end and its due time (submission, fee bumps).</summary>
    public TimeSpan Safety { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _tickets.Count;
            }
        }
    }

    public IReadOnlyList<JobTicket> Snapshot()
    {
        lock (_gate)
        {
            return [.. _tickets.Values.OrderBy(t => t.DueBy)];
        }
    }

    /// <summary>Adds the job if it fits with every job already held; otherwise leaves the queue unchanged.</summary>
    public Admission TryAdmit(JobTicket ticket, long now)
    {
        lock (_gate)
        {
            if (_tickets.ContainsKey(ticket.RequestId))
            {
                return Admission.No($"request {ticket.RequestId} is already held");
            }
            if (_tickets.Count >= Capacity)
            {
                return Admission.No($"at capacity ({_tickets.Count}/{Capacity} jobs)");
            }
            var candidate = _tickets.Values.Append(ticket).ToList();
            var late = FirstLate(candidate, now);
            if (late is not null)
            {
                return Admission.No(late.RequestId == ticket.RequestId
                    ? $"request {ticket.RequestId} cannot be proved by its due time with the current queue"
                    : $"taking it would make request {late.RequestId} late");
            }
            _tickets.Add(ticket.RequestId, ticket);
            return Admission.Yes;
        }
    }

    /// <summary>Puts back a job held before a restart, without the feasibility check (the promise is already made).</summary>
    public void Restore(JobTicket ticket)
    {
        lock (_gate)
        {
            _tickets[ticket.RequestId] = ticket;
        }
    }

    /// <summary>Updates a held job (assignment moved its times, proving started).</summary>
    public void Update(JobTicket ticket)
    {
        lock (_gate)
        {
            if (_tickets.ContainsKey(ticket.RequestId))
            {
                _tickets[ticket.RequestId] = ticket;
            }
        }
    }

    public bool Release(BigInteger requestId)
    {
        lock (_gate)
        {
            return _tickets.Remove(requestId);
        }
    }

    public bool Contains(BigInteger requestId)
    {
        lock (_gate)
        {
            return _tickets.ContainsKey(requestId);
        }
    }

    /// <summary>The job (if any) that misses its due time in an EDF schedule of <paramref name="jobs"/>.</summary>
    private JobTicket? FirstLate(List<JobTicket> jobs, long now)
    {
        // Proved jobs need no prover (their settlement has its own margin); jobs being proved keep
        // their worker; the rest are scheduled earliest-due first.
        jobs = [.. jobs.Where(j => !j.Proved)];
        var freeAt = new List<double>(Workers);
        var running = jobs.Where(j => j.StartedAt is not null).OrderBy(j => j.DueBy).ToList();
        foreach (var job in running)
        {
            var end = job.StartedAt!.Value + job.ProvingTime.TotalSeconds;
            if (freeAt.Count < Workers)
            {
                freeAt.Add(Math.Max(end, now));
            }
            else
            {
                // More running jobs than workers: they share; queue this one behind the earliest free.
                var index = freeAt.IndexOf(freeAt.Min());
                freeAt[index] = Math.Max(freeAt[index], now) + job.ProvingTime.TotalSeconds;
                end = freeAt[index];
            }
            if (Math.Max(end, now) + Safety.TotalSeconds > job.DueBy)
            {
                return job;
            }
        }
        while (freeAt.Count < Workers)
        {
            freeAt.Add(now);
        }

        foreach (var job in jobs.Where(j => j.StartedAt is null).OrderBy(j => j.DueBy).ThenBy(j => j.ReleaseAt))
        {
            var index = freeAt.IndexOf(freeAt.Min());
            var start = Math.Max(freeAt[index], job.ReleaseAt);
            var end = start + job.ProvingTime.TotalSeconds;
            if (end + Safety.TotalSeconds > job.DueBy)
            {
                return job;
            }
            freeAt[index] = end;
        }
        return null;
    }
}
