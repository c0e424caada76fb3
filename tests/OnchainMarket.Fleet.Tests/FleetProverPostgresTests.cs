using System.Numerics;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Fleet.Coordinator;
using OnchainMarket.Fleet.Queue;
using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.Fleet.Tests;

/// <summary>The coordinator's view of the fleet, which decides what the agent may take on.</summary>
[Collection("postgres")]
public sealed class FleetProverPostgresTests(PostgresFixture postgres)
{
    private const string Circuit = "0x00000000000000000000000000000000000000000000000000000000000000aa";
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly StructuredLog Quiet = new(null, "test");

    private static FleetCircuit Catalogued() => new(Circuit, "demo", 100, "0x" + new string('1', 64), "0x" + new string('2', 64), "");

    private static RemoteProofRequest Request(int id) => new(new BigInteger(id), 0, Circuit, "{}", [new BigInteger(3)], 2_000_000_000);

    [Fact]
    public async Task Without_a_worker_that_measured_a_circuit_the_fleet_has_no_room_and_no_speed()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await db.Workers.SeenAsync("unmeasured", "cpu");
        await using var fleet = new FleetProver(db.Source, new MarkedProofCheck(), Quiet);

        await fleet.StartAsync([Catalogued()], CancellationToken.None);

        Assert.Equal(0, fleet.LiveWorkers);
        Assert.Null(fleet.ProvingTime(Circuit));
    }

    [Fact]
    public async Task Promises_use_the_slowest_live_worker_and_queued_work_nobody_started_saturates_the_fleet()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await db.Workers.SeenAsync("fast", "gpu");
        await db.Workers.RecordSpeedAsync("fast", Circuit, TimeSpan.FromSeconds(0.5));
        await db.Workers.SeenAsync("slow", "cpu");
        await db.Workers.RecordSpeedAsync("slow", Circuit, TimeSpan.FromSeconds(4));
        await db.Queue.EnqueueAsync(new ProvingJob(1, 0, Circuit, "{}", [], 100));
        await db.Queue.EnqueueAsync(new ProvingJob(2, 0, Circuit, "{}", [], 100));
        await using var fleet = new FleetProver(db.Source, new MarkedProofCheck(), Quiet);

        await fleet.StartAsync([Catalogued()], CancellationToken.None);

        Assert.Equal(2, fleet.LiveWorkers);
        Assert.Equal(TimeSpan.FromSeconds(4), fleet.ProvingTime(Circuit.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal)));
        Assert.True(fleet.Saturated);
        Assert.Single(await db.Workers.CircuitsAsync());
    }

    [Fact]
    public async Task A_proof_is_returned_when_a_worker_writes_it_and_asking_twice_queues_the_job_once()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await using var fleet = new FleetProver(db.Source, new MarkedProofCheck(), Quiet) { PollInterval = TimeSpan.FromMilliseconds(20) };
        await fleet.StartAsync([Catalogued()], CancellationToken.None);
        using var stop = new CancellationTokenSource(Minute);

        var first = fleet.ProveAsync(Request(7), stop.Token);
        var again = fleet.ProveAsync(Request(7), stop.Token);
        Lease? lease = null;
        while (lease is null)
        {
            lease = await db.Queue.LeaseAsync("w", [Circuit], Minute, stop.Token);
        }
        BigInteger[] proof = [.. Enumerable.Range(1, 8).Select(i => new BigInteger(i))];
        Assert.True(await db.Queue.CompleteAsync(7, 0, "w", proof, TimeSpan.FromSeconds(1), stop.Token));

        Assert.Equal(proof, (await first).Proof);
        Assert.Equal(proof, (await again).Proof);
        Assert.Null(await db.Queue.LeaseAsync("w", [Circuit], Minute, stop.Token));
    }

    [Fact]
    public async Task A_job_the_fleet_gave_up_on_fails_the_proof_with_the_workers_reason()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await using var fleet = new FleetProver(db.Source, new MarkedProofCheck(), Quiet) { PollInterval = TimeSpan.FromMilliseconds(20) };
        await fleet.StartAsync([Catalogued()], CancellationToken.None);
        var queue = new JobQueue(db.Source) { MaxFailures = 1 };
        using var stop = new CancellationTokenSource(Minute);

        var proving = fleet.ProveAsync(Request(8), stop.Token);
        while (await queue.LeaseAsync("w", [Circuit], Minute, stop.Token) is null)
        {
        }
        await queue.FailAsync(8, 0, "w", "witness generator trapped", stop.Token);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => proving);
        Assert.Contains("w: witness generator trapped", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_proof_is_never_returned_the_job_goes_to_another_worker_and_its_proof_is()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await db.Workers.SeenAsync("cheat", "cpu");
        var check = new MarkedProofCheck();
        await using var fleet = new FleetProver(db.Source, check, Quiet) { PollInterval = TimeSpan.FromMilliseconds(20) };
        await fleet.StartAsync([Catalogued()], CancellationToken.None);
        using var stop = new CancellationTokenSource(Minute);

        var proving = fleet.ProveAsync(Request(9), stop.Token);
        while (await db.Queue.LeaseAsync("cheat", [Circuit], Minute, stop.Token) is null)
        {
        }
        BigInteger[] bad = [MarkedProofCheck.Bad, .. Enumerable.Range(2, 7).Select(i => new BigInteger(i))];
        Assert.True(await db.Queue.CompleteAsync(9, 0, "cheat", bad, TimeSpan.FromSeconds(1), stop.Token));
        Lease? second = null;
        while (second is null)
        {
            Assert.False(proving.IsCompleted);
            second = await db.Queue.LeaseAsync("honest", [Circuit], Minute, stop.Token);
        }
        BigInteger[] good = [.. Enumerable.Range(1, 8).Select(i => new BigInteger(i))];
        Assert.True(await db.Queue.CompleteAsync(9, 0, "honest", good, TimeSpan.FromSeconds(1), stop.Token));

        Assert.Equal(good, (await proving).Proof);
        Assert.Equal(2, second.Attempt);
        Assert.True(check.Calls >= 2);
        Assert.Equal(1, (await db.Workers.LiveAsync(Minute, stop.Token)).Single(w => w.Name == "cheat").BadProofs);
    }

    [Fact]
    public async Task A_barred_worker_is_no_part_of_the_fleets_capacity()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        await db.Workers.SeenAsync("cheat", "gpu");
        await db.Workers.RecordSpeedAsync("cheat", Circuit, TimeSpan.FromSeconds(0.1));
        await db.Workers.SeenAsync("honest", "cpu");
        await db.Workers.RecordSpeedAsync("honest", Circuit, TimeSpan.FromSeconds(2));
        await db.ExecuteAsync("UPDATE fleet.workers SET bad_proofs = 3, barred_at = now() WHERE name = 'cheat'");
        await using var fleet = new FleetProver(db.Source, new MarkedProofCheck(), Quiet);

        await fleet.StartAsync([Catalogued()], CancellationToken.None);

        Assert.Equal(1, fleet.LiveWorkers);
        Assert.Equal(TimeSpan.FromSeconds(2), fleet.ProvingTime(Circuit));
    }

    [Fact]
    public async Task A_job_its_slow_worker_would_finish_too_late_is_handed_to_a_fast_idle_worker()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await db.Workers.SeenAsync("fast", "gpu");
        await db.Workers.RecordSpeedAsync("fast", Circuit, TimeSpan.FromSeconds(1));
        await SlowWorkerOverrunningJob5Async(db, now);
        await using var fleet = new FleetProver(db.Source, new MarkedProofCheck(), Quiet, new FixedClock(now))
        {
            PollInterval = TimeSpan.FromMilliseconds(20),
            StallFloor = TimeSpan.FromMinutes(10), // the forecast acts, not the stall rule
        };

        await fleet.StartAsync([Catalogued()], CancellationToken.None);

        using var stop = new CancellationTokenSource(Minute);
        while ((await db.Queue.StateAsync(5, 0, stop.Token))!.Phase != "queued")
        {
            await Task.Delay(20, stop.Token);
        }
        Assert.False(await db.Queue.HeartbeatAsync(5, 0, "slow", 2, Minute, stop.Token));
        Assert.Null(await db.Queue.LeaseAsync("slow", [Circuit], Minute, stop.Token));
        Assert.NotNull(await db.Queue.LeaseAsync("fast", [Circuit], Minute, stop.Token));
    }

    [Fact]
    public async Task A_late_job_no_idle_worker_can_save_saturates_the_fleet()
    {
        await using var db = await FleetDatabase.CreateAsync(postgres);
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await SlowWorkerOverrunningJob5Async(db, now);
        await using var fleet = new FleetProver(db.Source, new MarkedProofCheck(), Quiet, new FixedClock(now)) { StallFloor = TimeSpan.FromMinutes(10) };

        await fleet.StartAsync([Catalogued()], CancellationToken.None);

        Assert.Equal(1, fleet.View.AtRisk);
        Assert.True(fleet.Saturated);
        Assert.Equal("leased", (await db.Queue.StateAsync(5, 0))!.Phase);
    }

    /// <summary>
    /// Worker "slow" (measured 5 s) proving job 5, due a minute after <paramref name="now"/>, for 80 s already:
    /// projected at +80 s, past its deadline less the margin.
    /// </summary>
    private static async Task SlowWorkerOverrunningJob5Async(FleetDatabase db, DateTimeOffset now)
    {
        await db.Workers.SeenAsync("slow", "cpu");
        await db.Workers.RecordSpeedAsync("slow", Circuit, TimeSpan.FromSeconds(5));
        await db.Queue.EnqueueAsync(new ProvingJob(5, 0, Circuit, "{}", [], (now + Minute).ToUnixTimeSeconds()));
        await db.Queue.LeaseAsync("slow", [Circuit], Minute);
        await db.Queue.HeartbeatAsync(5, 0, "slow", 2, Minute);
        await db.ExecuteAsync("UPDATE fleet.jobs SET progress_at = now() - interval '80 seconds'");
    }
}
