using System.Text.Json;
using OnchainMarket.Devnet;
using OnchainMarket.Simulation.Config;
using OnchainMarket.Simulation.Economics;
using OnchainMarket.Simulation.Mechanisms;
using Xunit;

namespace OnchainMarket.Simulation.Tests.Measured;

/// <summary>
/// The model's gas schedule against the receipts of the measured devnet run committed in
/// reports/mechanisms/measured.json: the gas per request the simulator books must be the median
/// the receipts show, within 1 %. A contract change that moves gas makes this fail until the
/// schedule (Config/simulation.json) is refitted and the report regenerated.
/// </summary>
public sealed class MechanismGasFitTests
{
    private static readonly SimulationConfig Shipped = SimulationConfig.Load(SimulationConfig.DefaultPath);

    private static double MeasuredMedian(string mechanism, int k)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "reports", "mechanisms", "measured.json")));
        var gas = doc.RootElement.GetProperty("requests").EnumerateArray()
            .Where(r => r.GetProperty("mechanism").GetString() == mechanism && r.GetProperty("k").GetInt32() == k && r.GetProperty("fulfilled").GetBoolean())
            .Select(r => (double)r.GetProperty("gas").GetInt64()).Order().ToArray();
        Assert.NotEmpty(gas);
        return MechanismRun.Percentile(gas, 0.5);
    }

    /// <summary>Gas the simulator books for a served request of <paramref name="mechanism"/> with K provers.</summary>
    private static double ModelGas(MechanismKind mechanism, int k)
    {
        // A market where every prover is online and the first request is served, with no asks re-posted in it.
        var config = Shipped with { Requests = 40, WarmupRequests = 0, Availability = 1, KSweep = [k], HeadlineK = [k], Seeds = 1 };
        var run = new MarketSimulator(config).Run(mechanism, Scenario.Create(config, k));
        var served = run.Rounds.Skip(1).Where(r => r.Served && (mechanism != MechanismKind.Orderbook || r.Request % MarketSimulator.AskRepriceEvery != 0)).ToArray();
        Assert.NotEmpty(served);
        return served.Select(r => (double)r.Gas).Order().ElementAt(served.Length / 2);
    }

    [Theory]
    [InlineData(MechanismKind.Dutch, "dutch", 3)]
    [InlineData(MechanismKind.Dutch, "dutch", 10)]
    [InlineData(MechanismKind.Orderbook, "orderbook", 3)]
    [InlineData(MechanismKind.Orderbook, "orderbook", 10)]
    public void Allocated_requests_book_the_gas_the_receipts_show(MechanismKind mechanism, string name, int k)
    {
        var measured = MeasuredMedian(name, k);
        Assert.Equal(measured, ModelGas(mechanism, k), measured * 0.01);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public void A_sealed_bid_request_with_k_bidders_books_the_gas_the_receipts_show(int k)
    {
        // In the measured run every prover bids; the schedule's fixed part plus K bids must match it.
        var g = Shipped.Gas;
        var schedule = g.Submit + g.Finalize + g.Fulfill + (k * (g.CommitBid + g.RevealBid));
        var measured = MeasuredMedian("sealed-bid", k);
        Assert.Equal(measured, schedule, measured * 0.01);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public void A_race_request_costs_between_one_and_k_commitments(int k)
    {
        var g = Shipped.Gas;
        var measured = MeasuredMedian("race", k);
        // The schedule is a fit to within 1 % on either side (a race that one racer wins alone sits at the lower end).
        Assert.InRange(measured, g.Submit + g.Fulfill + g.RaceCommit - (measured * 0.01), g.Submit + g.Fulfill + (k * g.RaceCommit) + (measured * 0.01));
    }
}
