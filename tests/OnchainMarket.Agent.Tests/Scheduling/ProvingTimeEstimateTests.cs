using OnchainMarket.Agent.Scheduling;
using Xunit;

namespace OnchainMarket.Agent.Tests.Scheduling;

public sealed class ProvingTimeEstimateTests
{
    private static readonly TimeSpan Calibrated = TimeSpan.FromSeconds(2);

    [Fact]
    public void Before_any_real_proof_the_calibration_is_planned()
    {
        var estimate = new ProvingTimeEstimate();
        Assert.Null(estimate.For("c"));
        Assert.Equal(Calibrated, estimate.Planned("c", Calibrated));
    }

    [Fact]
    public void A_slower_proof_raises_the_estimate_at_once_and_faster_ones_lower_it_gradually()
    {
        var estimate = new ProvingTimeEstimate(decay: 0.5);
        estimate.Observe("c", TimeSpan.FromSeconds(2));
        estimate.Observe("c", TimeSpan.FromSeconds(10)); // a CPU hog started
        Assert.Equal(TimeSpan.FromSeconds(10), estimate.Planned("c", Calibrated));
        estimate.Observe("c", TimeSpan.FromSeconds(2)); // one fast proof: half way down, not all the way
        Assert.Equal(TimeSpan.FromSeconds(6), estimate.For("c"));
        estimate.Observe("c", TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(4), estimate.For("c"));
    }

    [Fact]
    public void Circuits_are_estimated_apart_and_never_planned_below_the_calibration()
    {
        var estimate = new ProvingTimeEstimate();
        estimate.Observe("fast", TimeSpan.FromMilliseconds(100));
        estimate.Observe("slow", TimeSpan.FromSeconds(30));
        Assert.Equal(Calibrated, estimate.Planned("fast", Calibrated));
        Assert.Equal(TimeSpan.FromSeconds(30), estimate.Planned("slow", Calibrated));
    }

    [Fact]
    public void Bad_input_is_refused_with_a_reason()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProvingTimeEstimate(decay: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProvingTimeEstimate(decay: 1.5));
        var estimate = new ProvingTimeEstimate();
        Assert.Throws<ArgumentOutOfRangeException>(() => estimate.Observe("c", TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentException>(() => estimate.Observe("", TimeSpan.FromSeconds(1)));
    }
}
