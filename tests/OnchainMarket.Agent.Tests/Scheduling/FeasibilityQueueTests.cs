using CsCheck;
using OnchainMarket.Agent.Scheduling;
using Xunit;

namespace OnchainMarket.Agent.Tests.Scheduling;

public sealed class FeasibilityQueueTests
{
    private const long Now = 1_000;

    private static JobTicket Job(int id, double seconds, long dueBy, long release = Now, long? started = null) => new()
    {
        RequestId = id,
        ProvingTime = TimeSpan.FromSeconds(seconds),
        ReleaseAt = release,
        DueBy = dueBy,
        StartedAt = started,
    };

    [Fact]
    public void A_proof_held_for_a_batch_frees_its_prover_for_a_job_that_needs_it_now()
    {
        // One prover: job 1 was proved at t-5 (it ran 10 s, started at t-15) and waits for a fulfillBatch.
        var queue = new FeasibilityQueue(capacity: 3, workers: 1, safety: TimeSpan.FromSeconds(2));
        queue.Restore(Job(1, 10, Now + 40, started: Now - 15) with { Proved = true });
        queue.Restore(Job(2, 10, Now + 60, started: Now - 1));

        // Job 3 fits only if job 1 no longer occupies the prover: prove 2 until t+9, then 3 until t+19 <= t+21-2.
        var admission = queue.TryAdmit(Job(3, 10, Now + 21), Now);

        Assert.True(admission.Accepted, admission.Reason);
        Assert.Equal(3, queue.Count);
    }

    [Fact]
    public void The_same_proof_still_being_proved_would_have_made_that_job_late()
    {
        // Control for the test above: job 1 running (not proved) takes the one prover first (due earlier).
        var queue = new FeasibilityQueue(capacity: 3, workers: 1, safety: TimeSpan.FromSeconds(2));
        queue.Restore(Job(1, 10, Now + 40, started: Now - 15));
        queue.Restore(Job(2, 10, Now + 60, started: Now - 1));

        Assert.False(queue.TryAdmit(Job(3, 10, Now + 21), Now).Accepted);
    }

    [Fact]
    public void A_proof_held_for_a_batch_keeps_its_capacity_slot()
    {
        var queue = new FeasibilityQueue(capacity: 1, workers: 4, safety: TimeSpan.Zero);
        queue.Restore(Job(1, 10, Now + 40, started: Now - 15) with { Proved = true });

        var admission = queue.TryAdmit(Job(2, 1, Now + 100), Now);

        Assert.False(admission.Accepted);
        Assert.Contains("capacity", admission.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proved_job_past_its_planned_end_is_never_the_late_one()
    {
        // Held until just before its due time (the batch policy's margin keeps it safe): no prover is needed for it.
        var queue = new FeasibilityQueue(capacity: 3, workers: 1, safety: TimeSpan.FromSeconds(5));
        queue.Restore(Job(1, 10, Now + 3, started: Now - 30) with { Proved = true });

        Assert.True(queue.TryAdmit(Job(2, 10, Now + 100), Now).Accepted);
    }

    [Fact]
    public void Jobs_beyond_the_declared_capacity_are_refused()
    {
        var queue = new FeasibilityQueue(capacity: 2, workers: 2, safety: TimeSpan.Zero);
        Assert.True(queue.TryAdmit(Job(1, 1, Now + 100), Now).Accepted);
        Assert.True(queue.TryAdmit(Job(2, 1, Now + 100), Now).Accepted);

        var third = queue.TryAdmit(Job(3, 1, Now + 100), Now);

        Assert.False(third.Accepted);
        Assert.Contains("capacity", third.Reason, StringComparison.Ordinal);
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void A_job_that_cannot_finish_before_it_is_due_is_refused()
    {
        var queue = new FeasibilityQueue(capacity: 10, safety: TimeSpan.FromSeconds(5));
        var admission = queue.TryAdmit(Job(1, 30, Now + 32), Now);
        Assert.False(admission.Accepted);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void A_job_that_would_make_an_earlier_promise_late_is_refused()
    {
        var queue = new FeasibilityQueue(capacity: 10, workers: 1, safety: TimeSpan.Zero);
        Assert.True(queue.TryAdmit(Job(1, 10, Now + 25), Now).Accepted);

        // Due earlier, so EDF would prove it first and push job 1 to t+30 > t+25.
        var admission = queue.TryAdmit(Job(2, 20, Now + 21), Now);

        Assert.False(admission.Accepted);
        Assert.Contains("request 1", admission.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_workers_fit_what_one_cannot()
    {
        var one = new FeasibilityQueue(capacity: 10, workers: 1, safety: TimeSpan.Zero);
        var two = new FeasibilityQueue(capacity: 10, workers: 2, safety: TimeSpan.Zero);
        foreach (var queue in new[] { one, two })
        {
            queue.TryAdmit(Job(1, 10, Now + 12), Now);
        }
        Assert.False(one.TryAdmit(Job(2, 10, Now + 12), Now).Accepted);
        Assert.True(two.TryAdmit(Job(2, 10, Now + 12), Now).Accepted);
    }

    [Fact]
    public void A_job_cannot_start_before_its_release()
    {
        var queue = new FeasibilityQueue(capacity: 10, safety: TimeSpan.Zero);
        Assert.False(queue.TryAdmit(Job(1, 10, dueBy: Now + 50, release: Now + 45), Now).Accepted);
        Assert.True(queue.TryAdmit(Job(2, 10, dueBy: Now + 50, release: Now + 40), Now).Accepted);
    }

    [Fact]
    public void A_running_job_counts_only_its_remaining_time()
    {
        var queue = new FeasibilityQueue(capacity: 10, safety: TimeSpan.Zero);
        queue.Restore(Job(1, 20, Now + 100, started: Now - 15));
        // Job 1 ends at Now+5; job 2 fits in the remaining 10 s only because of that.
        Assert.True(queue.TryAdmit(Job(2, 10, Now + 15), Now).Accepted);
    }

    [Fact]
    public void Released_jobs_free_their_slot()
    {
        var queue = new FeasibilityQueue(capacity: 1, safety: TimeSpan.Zero);
        queue.TryAdmit(Job(1, 1, Now + 10), Now);
        Assert.False(queue.TryAdmit(Job(2, 1, Now + 10), Now).Accepted);
        Assert.True(queue.Release(1));
        Assert.True(queue.TryAdmit(Job(2, 1, Now + 10), Now).Accepted);
    }

    [Fact]
    public void Whatever_is_admitted_can_be_proved_in_due_order_on_time() =>
        Gen.Select(Gen.Int[1, 20], Gen.Int[0, 60]).Array[1, 30].Sample(jobs =>
        {
            var queue = new FeasibilityQueue(capacity: 8, workers: 1, safety: TimeSpan.Zero);
            for (var i = 0; i < jobs.Length; i++)
            {
                queue.TryAdmit(Job(i, jobs[i].Item1, Now + jobs[i].Item1 + jobs[i].Item2), Now);
            }
            Assert.True(queue.Count <= 8);
            double clock = Now;
            foreach (var job in queue.Snapshot())
            {
                clock += job.ProvingTime.TotalSeconds;
                Assert.True(clock <= job.DueBy, $"job {job.RequestId} would end at {clock}, due {job.DueBy}");
            }
        });
}
