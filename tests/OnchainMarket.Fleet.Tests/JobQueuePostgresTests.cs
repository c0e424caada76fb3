using System.Collections.Concurrent;
using System.Numerics;
using OnchainMarket.Fleet.Queue;
using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.Fleet.Tests;

[Collection("postgres")]
public sealed class JobQueuePostgresTests(PostgresFixture postgres)
{
    private const string Circuit = "0x01";
    private static readonly string[] Circuits = [Circuit];
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static ProvingJob Job(int id, long proveBy = 1_000, string circuit = Circuit) =>
        new(new BigInteger(id), 0, circuit, "{\"a\":3}", [new BigInteger(id * 7)], proveBy);

    private static BigInteger[] Proof(int seed) => [.. Enumerable.Range(seed, 8).Select(i => new BigInteger(i))];

    [Fact]
    public async Task A_leased_job_is_not_leased_again_while_its_lease_runs_and_jobs_go_earliest_due_first()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        Assert.True(await db.Queue.EnqueueAsync(Job(1, proveBy: 2_000)));
        Assert.True(await db.Queue.EnqueueAsync(Job(2, proveBy: 1_500)));
        Assert.False(await db.Queue.EnqueueAsync(Job(2, proveBy: 1_500)));

        var first = await db.Queue.LeaseAsync("a", Circuits, Minute);
        var second = await db.Queue.LeaseAsync("b", Circuits, Minute);
        var third = await db.Queue.LeaseAsync("c", Circuits, Minute);

        Assert.Equal(new BigInteger(2), first!.Job.RequestId);
        Assert.Equal(new BigInteger(1), second!.Job.RequestId);
        Assert.Null(third);
        Assert.Equal([new BigInteger(14)], first.Job.PublicInputs);
        Assert.Equal(1, first.Attempt);
    }

    [Fact]
    public async Task A_worker_only_leases_jobs_of_circuits_it_can_prove()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await db.Queue.EnqueueAsync(Job(1, circuit: "0x02"));

        Assert.Null(await db.Queue.LeaseAsync("a", Circuits, Minute));
        Assert.NotNull(await db.Queue.LeaseAsync("a", ["0x02"], Minute));
    }

    [Fact]
    public async Task An_expired_lease_is_leased_again_and_the_first_worker_loses_it()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await db.Queue.EnqueueAsync(Job(1));
        // A zero lease is expired as soon as it is taken: the worker that holds it died at once.
        var dead = await db.Queue.LeaseAsync("dead", Circuits, TimeSpan.Zero);
        Assert.NotNull(dead);

        var rescue = await db.Queue.LeaseAsync("rescuer", Circuits, Minute);

        Assert.NotNull(rescue);
        Assert.Equal(2, rescue.Attempt);
        Assert.False(await db.Queue.HeartbeatAsync(1, 0, "dead", 1, Minute));
        Assert.True(await db.Queue.HeartbeatAsync(1, 0, "rescuer", 1, Minute));
        Assert.Equal("rescuer", (await db.Queue.StateAsync(1, 0))!.LeaseOwner);
    }

    [Fact]
    public async Task A_heartbeat_keeps_the_lease_so_nobody_else_takes_the_job()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await db.Queue.EnqueueAsync(Job(1));
        await db.Queue.LeaseAsync("a", Circuits, TimeSpan.Zero);

        // The heartbeat comes before anyone else looked: it extends the lease from now.
        Assert.True(await db.Queue.HeartbeatAsync(1, 0, "a", 1, Minute));

        Assert.Null(await db.Queue.LeaseAsync("b", Circuits, Minute));
    }

    [Fact]
    public async Task The_proof_is_written_once_and_a_second_write_is_refused()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await db.Queue.EnqueueAsync(Job(1));
        await db.Queue.LeaseAsync("slow", Circuits, TimeSpan.Zero);
        await db.Queue.LeaseAsync("fast", Circuits, Minute);

        Assert.True(await db.Queue.CompleteAsync(1, 0, "fast", Proof(100), TimeSpan.FromSeconds(2)));
        Assert.False(await db.Queue.CompleteAsync(1, 0, "slow", Proof(200), TimeSpan.FromSeconds(9)));

        var state = await db.Queue.StateAsync(1, 0);
        Assert.Equal("proved", state!.Phase);
        Assert.Equal("fast", state.ProvedBy);
        Assert.Equal(Proof(100), state.Proof);
        Assert.Null(await db.Queue.LeaseAsync("c", Circuits, Minute));
        Assert.False(await db.Queue.HeartbeatAsync(1, 0, "fast", 2, Minute));
    }

    [Fact]
    public async Task Concurrent_claimers_each_get_a_different_job_and_none_is_leased_twice()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        const int jobs = 40;
        for (var i = 1; i <= jobs; i++)
        {
            await db.Queue.EnqueueAsync(Job(i, proveBy: 1_000 + i));
        }
        var leased = new ConcurrentBag<(string Worker, BigInteger Id)>();

        // Eight claimers race on their own connections until the queue is empty.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            while (await db.Queue.LeaseAsync($"w{w}", Circuits, Minute) is { } lease)
            {
                leased.Add(($"w{w}", lease.Job.RequestId));
            }
        })));

        Assert.Equal(jobs, leased.Count);
        Assert.Equal(jobs, leased.Select(l => l.Id).Distinct().Count());
        Assert.True(leased.Select(l => l.Worker).Distinct().Count() > 1, "one claimer took every job: the others were blocked, not skipping");
    }

    [Fact]
    public async Task A_failed_attempt_goes_back_to_the_queue_until_the_last_try_fails_it()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        var queue = new JobQueue(db.Source) { MaxFailures = 2 };
        await queue.EnqueueAsync(Job(1));

        await queue.LeaseAsync("a", Circuits, Minute);
        await queue.FailAsync(1, 0, "a", "witness failed");
        Assert.Equal("queued", (await queue.StateAsync(1, 0))!.Phase);
        await queue.LeaseAsync("b", Circuits, Minute);
        await queue.FailAsync(1, 0, "b", "witness failed");

        var state = await queue.StateAsync(1, 0);
        Assert.Equal("failed", state!.Phase);
        Assert.Equal("b: witness failed", state.Error);
    }

    [Fact]
    public async Task A_live_worker_that_makes_no_progress_past_its_measured_time_loses_the_job()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await db.Workers.SeenAsync("slow", "cpu");
        await db.Workers.RecordSpeedAsync("slow", Circuit, TimeSpan.FromSeconds(10));
        await db.Workers.SeenAsync("quick", "gpu");
        await db.Workers.RecordSpeedAsync("quick", Circuit, TimeSpan.FromSeconds(1));
        await db.Queue.EnqueueAsync(Job(1));
        await db.Queue.EnqueueAsync(Job(2));
        await db.Queue.LeaseAsync("slow", Circuits, Minute);
        await db.Queue.LeaseAsync("quick", Circuits, Minute);
        // Both last advanced 20 s ago: within 5 s + 3 × 10 s for the slow worker, far past 5 s + 3 × 1 s for the quick one.
        await db.ExecuteAsync("UPDATE fleet.jobs SET progress_at = now() - interval '20 seconds'");

        var requeued = await db.Queue.RequeueStalledAsync(TimeSpan.FromSeconds(5), factor: 3);

        Assert.Equal([(new BigInteger(2), 0, "quick")], requeued);
        Assert.False(await db.Queue.HeartbeatAsync(2, 0, "quick", 2, Minute));
        Assert.True(await db.Queue.HeartbeatAsync(1, 0, "slow", 2, Minute));
        Assert.Equal(new BigInteger(2), (await db.Queue.LeaseAsync("other", Circuits, Minute))!.Job.RequestId);
    }

    [Fact]
    public async Task Live_workers_are_the_recently_seen_ones_with_their_measured_speeds()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await db.Workers.SeenAsync("gpu-1", "gpu");
        await db.Workers.RecordSpeedAsync("gpu-1", Circuit, TimeSpan.FromSeconds(0.5));
        await db.Workers.SeenAsync("gone", "cpu");
        await db.ExecuteAsync("UPDATE fleet.workers SET last_seen = now() - interval '1 hour' WHERE name = 'gone'");

        var live = await db.Workers.LiveAsync(TimeSpan.FromSeconds(30));

        var worker = Assert.Single(live);
        Assert.Equal("gpu-1", worker.Name);
        Assert.Equal("gpu", worker.Backend);
        Assert.Equal(0.5, worker.SecondsPerCircuit[Circuit]);
    }
}
