using OnchainMarket.Simulation.Config;
using OnchainMarket.Simulation.Measured;
using OnchainMarket.Simulation.Mechanisms;
using Xunit;

namespace OnchainMarket.Simulation.Tests.Measured;

/// <summary>
/// Needs anvil and the compiled contracts (out/): runs a few requests of every mechanism on a real
/// devnet with three provers, real proofs, and checks the C# clearing rules against the contract's
/// decisions and the run's accounting.
/// </summary>
public sealed class MechanismRulesAnvilTests
{
    [Fact]
    public async Task Csharp_rules_pick_the_same_winner_and_price_as_the_contracts_and_the_totals_add_up()
    {
        var settings = new MeasuredSettings
        {
            Ks = [3],
            Requests = 2,
            Profiles = MeasuredSettings.FromSimulation(SimulationConfig.Load(SimulationConfig.DefaultPath)),
            Circuit = BenchCircuit.Small,
            // Requests about a second apart: the second arrives while the first is open.
            Live = new LiveSettings { MeanArrivalSeconds = 1 },
        };

        var results = await MechanismBench.RunAsync(settings);

        Assert.Equal(4, results.Runs.Count);
        foreach (var run in results.Runs)
        {
            var name = MechanismNames.Of(run.Mechanism);
            Assert.True(run.Failures == 0, $"{name}: {string.Join("; ", run.Requests.Select(r => r.Error))}");
            Assert.Equal(run.Requests.Count, run.RuleChecks);
            Assert.True(run.RuleAgreements == run.RuleChecks, $"{name}: the C# rule disagreed with the contract");
            // Every request paid once: the total paid is the sum of the clearing prices.
            Assert.Equal(run.Requests.Aggregate(System.Numerics.BigInteger.Zero, (s, r) => s + r.PriceWei), run.TotalPaidWei);
            Assert.Equal(run.Requests.Sum(r => r.CpuSeconds), run.CpuSeconds, 9);
            Assert.Equal(run.CpuSeconds - run.UsefulCpuSeconds, run.WastedCpuSeconds, 9);
            Assert.True(run.GasPerFulfilled > 0);
        }
        var race = results.Find(3, MechanismKind.Race)!;
        // Racers stop when the request closes: the slowest profile (12.5x the fastest) never finishes a proof before it.
        Assert.InRange(race.ProofsComputed, settings.Requests, (3 * settings.Requests) - 1);
        Assert.All(race.Requests, r => Assert.True(r.CpuSeconds > r.UsefulCpuSeconds, "a stopped racer's work up to the close is counted"));
        Assert.All(results.Runs.Where(r => r.Mechanism != MechanismKind.Race), r => Assert.Equal(r.Fulfilled, r.ProofsComputed));
        Assert.All(race.Requests, r => Assert.Equal(settings.MaxPriceWei, r.PriceWei));

        // One dropout through the contracts' slash and re-open, every rule the model uses agreeing.
        var slash = Assert.Single(results.SlashChecks);
        Assert.True(slash.AllAgree, $"slash check: {slash}");
        Assert.Equal(settings.CollateralWei, slash.Slashed);
        // A collateral far above the price: compensation and bounty are capped at the price, the rest mostly burned.
        Assert.Equal(slash.AssignedPrice, slash.Compensation);
        Assert.Equal(slash.AssignedPrice, slash.Bounty);
        Assert.Equal(slash.Slashed, slash.Compensation + slash.Bounty + slash.Keeper + slash.Burned);
        Assert.Equal(slash.RescuePrice + slash.Bounty, slash.RescuerPaid);
        Assert.True(slash.RescuePrice >= slash.AssignedPrice, "the re-opened ramp starts at the failed price");

        // The live phase (wall-clock blocks, overlapping requests): every request is paid at most once,
        // a fulfilled one exactly once, and the machine time splits into useful and wasted.
        Assert.Equal(4, results.LiveRuns.Count);
        foreach (var run in results.LiveRuns)
        {
            var name = MechanismNames.Of(run.Mechanism);
            Assert.Equal(settings.Requests, run.Requests.Count);
            Assert.All(run.Requests, r => Assert.Equal(r.Fulfilled ? 1 : 0, r.Payments));
            Assert.All(run.Requests.Where(r => r.Fulfilled), r => Assert.True(r.LatencySeconds > 0, $"{name}: latency {r.LatencySeconds}"));
            Assert.Equal(run.Requests.Where(r => r.Fulfilled).Aggregate(System.Numerics.BigInteger.Zero, (s, r) => s + r.PriceWei), run.TotalPaidWei);
            Assert.Equal(run.MachineSeconds - run.UsefulMachineSeconds, run.WastedMachineSeconds, 9);
            Assert.All(run.Requests, r => Assert.InRange(r.UsefulMachineSeconds, 0, r.MachineSeconds + 1e-9));
            // Races, Dutch auctions and the orderbook wait for a free prover; a sealed-bid auction that finds every prover busy expires.
            if (run.Mechanism != MechanismKind.SealedBid)
            {
                Assert.True(run.Failures == 0, $"{name} live: {string.Join("; ", run.Requests.Select(r => r.Error))}");
            }
            Assert.True(run.Fulfilled >= 1, $"{name} live: nothing fulfilled: {string.Join("; ", run.Requests.Select(r => r.Error))}");
        }
        var liveRace = results.LiveRuns.Single(r => r.Mechanism == MechanismKind.Race);
        Assert.All(liveRace.Requests, r => Assert.Equal(settings.MaxPriceWei, r.PriceWei));
        Assert.All(results.LiveRuns.Where(r => r.Mechanism != MechanismKind.Race), r => Assert.Equal(r.Fulfilled, r.ProofsComputed));
    }
}
