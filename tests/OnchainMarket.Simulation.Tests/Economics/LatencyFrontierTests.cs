using OnchainMarket.Simulation.Config;
using OnchainMarket.Simulation.Economics;
using Xunit;

namespace OnchainMarket.Simulation.Tests.Economics;

public sealed class LatencyFrontierTests
{
    // A deadline long enough for a dropped job to be re-opened after the longest proving window, and
    // a short cooldown so that three provers are not all benched by their slashes, and a small
    // collateral so that the expected slash does not price three provers out of the market.
    private static readonly LatencyFrontier Frontier = LatencyFrontier.Run(TinyConfig.Create(300) with
    {
        Seeds = 3,
        DeadlineSeconds = 3600,
        Faults = new FaultSettings { CooldownSeconds = 60, CollateralUsd = 0.02 },
        Frontier = new FrontierSettings
        {
            K = 3,
            DutchRampSeconds = [20, 600],
            SealedBidWindowSeconds = [2, 60],
            ProvingWindowSeconds = [120, 1200],
            Dropout = 0.2,
        },
    });

    private static FrontierPoint Point(Arm arm, string knob, double setting) =>
        Frontier.Points.Single(p => p.Arm == arm && p.Knob == knob && p.Setting == setting);

    [Fact]
    public void Every_setting_runs_on_every_seed()
    {
        // Race (2 regimes) and orderbook once; 2 ramps, 2 windows; 2 proving windows x 3 allocating mechanisms.
        Assert.Equal(3 + 2 + 2 + 6, Frontier.Points.Count);
        Assert.All(Frontier.Points, p => Assert.Equal(3, p.Runs.Count(r => r is not null)));
    }

    [Fact]
    public void Longer_windows_and_ramps_wait_longer()
    {
        // Sealed-bid cannot assign before its two windows have passed.
        var longWindows = Point(Arm.SealedBid, LatencyFrontier.WindowsKnob, 60).P50.Mean;
        var shortWindows = Point(Arm.SealedBid, LatencyFrontier.WindowsKnob, 2).P50.Mean;
        Assert.True(longWindows >= 120 && shortWindows < 120, $"sealed-bid p50 {shortWindows} s with 2 s windows, {longWindows} s with 60 s");
        var longRamp = Point(Arm.Dutch, LatencyFrontier.RampKnob, 600).P50.Mean;
        var shortRamp = Point(Arm.Dutch, LatencyFrontier.RampKnob, 20).P50.Mean;
        Assert.True(longRamp > shortRamp, $"Dutch p50 {shortRamp} s with a 20 s ramp, {longRamp} s with 600 s");
        // Under 20 % dropout a dropped job waits out its proving window before it is re-opened.
        var longProving = Point(Arm.Dutch, LatencyFrontier.ProvingKnob, 1200).P95.Mean;
        var shortProving = Point(Arm.Dutch, LatencyFrontier.ProvingKnob, 120).P95.Mean;
        Assert.True(longProving > shortProving + 500, $"Dutch p95 under dropout {shortProving} s with a 120 s window, {longProving} s with 1200 s");
    }

    [Fact]
    public void The_equal_latency_reading_is_the_cheapest_setting_fast_enough()
    {
        var slow = Point(Arm.Dutch, LatencyFrontier.RampKnob, 600);
        var fast = Point(Arm.Dutch, LatencyFrontier.RampKnob, 20);
        var within = Frontier.CheapestWithin(Arm.Dutch, p => p.P50, fast.P50.Mean);

        Assert.NotNull(within);
        Assert.True(within.P50.Mean <= fast.P50.Mean);
        var anyTarget = Frontier.CheapestWithin(Arm.Dutch, p => p.P50, double.PositiveInfinity)!;
        Assert.Equal(Math.Min(slow.RequesterCost.Mean, fast.RequesterCost.Mean), anyTarget.RequesterCost.Mean);
        Assert.Null(Frontier.CheapestWithin(Arm.SealedBid, p => p.P50, 1));
    }
}
