using OnchainMarket.Agent.Safety;
using OnchainMarket.Agent.State;
using Xunit;

namespace OnchainMarket.Agent.Tests.Safety;

public sealed class CircuitBreakerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("omkt-breaker-").FullName;

    [Fact]
    public void A_slash_stops_new_work_until_the_operator_resets_it()
    {
        var breaker = new CircuitBreaker();
        Assert.True(breaker.AllowsNewWork);

        Assert.True(breaker.Trip("slashed on request 4", DateTimeOffset.UnixEpoch));
        Assert.False(breaker.AllowsNewWork);
        Assert.Equal("slashed on request 4", breaker.State.Reason);

        breaker.Reset();
        Assert.True(breaker.AllowsNewWork);
    }

    [Fact]
    public void A_second_failure_keeps_the_first_reason()
    {
        var breaker = new CircuitBreaker();
        breaker.Trip("proof failed", DateTimeOffset.UnixEpoch);
        Assert.False(breaker.Trip("slashed", DateTimeOffset.UnixEpoch.AddSeconds(1)));
        Assert.Equal("proof failed", breaker.State.Reason);
    }

    [Fact]
    public void An_open_breaker_stays_open_across_a_restart()
    {
        var store = new JobStore(_folder);
        new CircuitBreaker(store.LoadBreaker(), store.SaveBreaker).Trip("slashed on request 9", DateTimeOffset.UtcNow);

        var restarted = new CircuitBreaker(new JobStore(_folder).LoadBreaker());

        Assert.False(restarted.AllowsNewWork);
        Assert.Equal("slashed on request 9", restarted.State.Reason);
    }

    [Fact]
    public void A_failed_save_leaves_the_breaker_unchanged()
    {
        var breaker = new CircuitBreaker(persist: _ => throw new IOException("disk full"));
        Assert.Throws<IOException>(() => breaker.Trip("x", DateTimeOffset.UnixEpoch));
        Assert.True(breaker.AllowsNewWork);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
