using OnchainMarket.Fleet.Queue;

namespace OnchainMarket.Fleet.Coordinator;

/// <summary>
/// Projects when each running job will end, from its worker's reported progress and measured speed,
/// and advises handing a job that would miss its window (less the submission margin) to an idle worker
/// projected to finish it in time. Pure apart from the injected clock, so tests set the time.
/// <list type="bullet">
/// <item>A job not yet proving has all of its measured time ahead of it.</item>
/// <item>A job proving within its measured time ends when that time is up.</item>
/// <item>A job proving past its measured time runs on a worker slower than measured by a factor we do not
/// know (a CPU hog, a throttled GPU): it is assumed to need as long again as it has taken, the doubling
/// rule, so the longer it overruns the later it is projected.</item>
/// <item>A job whose worker stopped heartbeating, or never measured the circuit, has no end in sight.</item>
/// </list>
/// </summary>
public sealed class WindowForecast(TimeProvider clock, TimeSpan submissionMargin, TimeSpan liveWithin)
{
    /// <summary>Time kept between a proof's end and its due time: the fulfil still has to be mined.</summary>
    public TimeSpan SubmissionMargin => submissionMargin;

    /// <summary>When <paramref name="job"/> is projected to have its proof; <see cref="DateTimeOffset.MaxValue"/> when never.</summary>
    public DateTimeOffset ProjectedEnd(RunningJob job, ObservedRates rates)
    {
        var now = clock.GetUtcNow();
        if (now - job.HeartbeatAt > liveWithin || rates.For(job.Worker, job.CircuitId) is not { } expected)
        {
            return DateTimeOffset.MaxValue;
        }
        if (job.Progress < 2)
        {
            return now + expected;
        }
        var elapsed = now - job.ProgressAt;
        return elapsed <= expected ? job.ProgressAt + expected : now + elapsed;
    }

    /// <summary>The latest a proof of <paramref name="job"/> may be ready and still land in its window.</summary>
    public DateTimeOffset Deadline(RunningJob job) => DateTimeOffset.FromUnixTimeSeconds(job.ProveBy) - submissionMargin;

    /// <summary>
    /// Handovers for the jobs that would miss their window, earliest-due first, each to the idle worker
    /// projected to finish soonest (one job per idle worker); the jobs no idle worker can save are at risk.
    /// </summary>
    public ForecastPlan Plan(IReadOnlyList<RunningJob> running, IReadOnlyList<LiveWorker> workers)
    {
        var now = clock.GetUtcNow();
        var rates = new ObservedRates(workers);
        var busy = running.Select(j => j.Worker).ToHashSet(StringComparer.Ordinal);
        // The workers given are the live ones (the registry's look): idle are those unbarred that hold no lease.
        var idle = workers.Where(w => !w.Barred && !busy.Contains(w.Name)).ToList();
        var handovers = new List<Handover>();
        var atRisk = new List<RunningJob>();
        foreach (var job in running.OrderBy(j => j.ProveBy).ThenBy(j => j.RequestId))
        {
            var end = ProjectedEnd(job, rates);
            var deadline = Deadline(job);
            if (end <= deadline)
            {
                continue;
            }
            var best = idle
                .Where(w => w.Name != job.Worker && !job.Excluded.Contains(w.Name, StringComparer.Ordinal))
                .Select(w => (Worker: w, End: rates.For(w.Name, job.CircuitId) is { } seconds ? now + seconds : DateTimeOffset.MaxValue))
                .Where(c => c.End <= deadline && c.End < end)
                .OrderBy(c => c.End)
                .FirstOrDefault();
            if (best.Worker is null)
            {
                atRisk.Add(job);
                continue;
            }
            handovers.Add(new Handover(job, best.Worker.Name, end, best.End, deadline));
            idle.Remove(best.Worker);
        }
        return new ForecastPlan(handovers, atRisk);
    }
}
