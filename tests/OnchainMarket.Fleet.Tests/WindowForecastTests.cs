using System.Numerics;
using OnchainMarket.Fleet.Coordinator;
using OnchainMarket.Fleet.Queue;
using Xunit;

namespace OnchainMarket.Fleet.Tests;

/// <summary>When a running job will end, and what the coordinator does when that is too late.</summary>
public sealed class WindowForecastTests
{
    private const string Circuit = "0xaa";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_000_000);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LiveWithin = TimeSpan.FromSeconds(10);

    private static WindowForecast Forecast() => new(new FixedClock(Now), Margin, LiveWithin);

    private static LiveWorker Worker(string name, double seconds, string backend = "cpu", bool barred = false) =>
        new(name, backend, Now, new Dictionary<string, double> { [Circuit] = seconds }, barred ? 3 : 0, barred);

    /// <summary>A job proving on <paramref name="worker"/> since <paramref name="provingFor"/> ago, due in <paramref name="dueIn"/>.</summary>
    private static RunningJob Proving(int id, string worker, double provingFor, double dueIn, double heartbeatAgo = 0.5, string[]? excluded = null) =>
        new(new BigInteger(id), 0, Circuit, (Now + TimeSpan.FromSeconds(dueIn)).ToUnixTimeSeconds(), worker, 2,
            Now - TimeSpan.FromSeconds(provingFor), Now - TimeSpan.FromSeconds(heartbeatAgo), excluded ?? []);

    [Fact]
    public void A_job_on_pace_ends_when_its_measured_time_is_up_and_nothing_is_handed_over()
    {
        var forecast = Forecast();
        var job = Proving(1, "w1", provingFor: 4, dueIn: 60);
        LiveWorker[] workers = [Worker("w1", 10), Worker("idle", 1)];

        Assert.Equal(Now + TimeSpan.FromSeconds(6), forecast.ProjectedEnd(job, new ObservedRates(workers)));
        var plan = forecast.Plan([job], workers);
        Assert.Empty(plan.Handovers);
        Assert.Empty(plan.AtRisk);
    }

    [Fact]
    public void A_slow_worker_past_its_measured_time_hands_the_job_to_a_fast_idle_worker()
    {
        // Measured 10 s, proving for 30 s (a CPU hog arrived): projected to need 30 s more, past t+35-10.
        var job = Proving(1, "slow", provingFor: 30, dueIn: 35);
        LiveWorker[] workers = [Worker("slow", 10), Worker("fast", 2, "gpu"), Worker("slower", 25)];

        var plan = Forecast().Plan([job], workers);

        var handover = Assert.Single(plan.Handovers);
        Assert.Equal("fast", handover.To);
        Assert.Equal(Now + TimeSpan.FromSeconds(30), handover.ProjectedEnd);
        Assert.Equal(Now + TimeSpan.FromSeconds(2), handover.TheirEnd);
        Assert.Equal(Now + TimeSpan.FromSeconds(25), handover.Deadline);
        Assert.Empty(plan.AtRisk);
    }

    [Fact]
    public void A_stalled_worker_that_stopped_heartbeating_loses_the_job_to_an_idle_one()
    {
        var job = Proving(1, "wedged", provingFor: 1, dueIn: 50, heartbeatAgo: 30);
        LiveWorker[] workers = [Worker("wedged", 10), Worker("spare", 10)];

        var forecast = Forecast();

        Assert.Equal(DateTimeOffset.MaxValue, forecast.ProjectedEnd(job, new ObservedRates(workers)));
        Assert.Equal("spare", Assert.Single(forecast.Plan([job], workers).Handovers).To);
    }

    [Fact]
    public void With_no_idle_worker_a_late_job_stays_where_it_is_and_is_at_risk()
    {
        // Both workers busy; the other job is on pace.
        RunningJob[] running = [Proving(1, "slow", provingFor: 30, dueIn: 35), Proving(2, "busy", provingFor: 1, dueIn: 300)];
        LiveWorker[] workers = [Worker("slow", 10), Worker("busy", 2)];

        var plan = Forecast().Plan(running, workers);

        Assert.Empty(plan.Handovers);
        Assert.Equal(new BigInteger(1), Assert.Single(plan.AtRisk).RequestId);
    }

    [Fact]
    public void An_idle_worker_too_slow_for_the_window_a_barred_one_and_an_excluded_one_are_not_chosen()
    {
        var job = Proving(1, "slow", provingFor: 30, dueIn: 35, excluded: ["refused"]);
        LiveWorker[] workers = [Worker("slow", 10), Worker("tortoise", 26), Worker("cheat", 1, barred: true), Worker("refused", 1)];

        var plan = Forecast().Plan([job], workers);

        Assert.Empty(plan.Handovers);
        Assert.Single(plan.AtRisk);
    }

    [Fact]
    public void Each_idle_worker_takes_one_late_job_earliest_due_first()
    {
        RunningJob[] running = [Proving(1, "a", provingFor: 30, dueIn: 38), Proving(2, "b", provingFor: 30, dueIn: 35)];
        LiveWorker[] workers = [Worker("a", 10), Worker("b", 10), Worker("spare", 5)];

        var plan = Forecast().Plan(running, workers);

        Assert.Equal(new BigInteger(2), Assert.Single(plan.Handovers).Job.RequestId);
        Assert.Equal(new BigInteger(1), Assert.Single(plan.AtRisk).RequestId);
    }

    [Fact]
    public void A_job_not_yet_proving_has_all_its_measured_time_ahead()
    {
        var job = Proving(1, "w1", provingFor: 100, dueIn: 60) with { Progress = 1 };

        Assert.Equal(Now + TimeSpan.FromSeconds(10), Forecast().ProjectedEnd(job, new ObservedRates([Worker("w1", 10)])));
    }

    [Fact]
    public void A_worker_that_never_measured_a_circuit_is_planned_at_its_backends_slowest_rate()
    {
        LiveWorker[] workers = [Worker("gpu-1", 2, "gpu"), Worker("gpu-2", 3, "gpu"), new("gpu-new", "gpu", Now, new Dictionary<string, double>())];
        var rates = new ObservedRates(workers);

        Assert.Equal(TimeSpan.FromSeconds(2), rates.For("gpu-1", Circuit));
        Assert.Equal(TimeSpan.FromSeconds(3), rates.For("gpu-new", Circuit));
        Assert.Null(rates.For("gpu-new", "0xbb"));
        Assert.Null(rates.For("unknown", Circuit));
    }
}
