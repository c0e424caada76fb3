using System.Text.Json;
using OnchainMarket.Simulation.Economics;

namespace OnchainMarket.Simulation.Reporting;

/// <summary>The model's per-(gas price, K, arm, seed) figures behind the report's tables, for readers who want to redo the statistics.</summary>
internal static class ModelJson
{
    public static void Write(string path, SimulationSweep sweep)
    {
        var rows = new List<object>();
        foreach (var gwei in sweep.GasPrices)
        {
            var ks = gwei == sweep.BaseGwei ? sweep.Ks : sweep.Config.HeadlineK.Distinct().Order().ToList();
            foreach (var k in ks)
            {
                foreach (var arm in Arm.All)
                {
                    var runs = sweep.All(k, arm, gwei);
                    for (var seed = 0; seed < runs.Count; seed++)
                    {
                        var r = runs[seed];
                        rows.Add(new
                        {
                            gasGwei = gwei,
                            k,
                            arm = arm.Name,
                            seed = sweep.Config.Seed + seed,
                            priceUsd = Finite(r.MeanPriceUsd),
                            outlayUsd = Finite(r.RequesterOutlayPerRequestUsd),
                            usefulUsd = Finite(r.UsefulCostPerRequestUsd),
                            wastedUsd = Finite(r.WastedCostPerRequestUsd),
                            gasUsd = Finite(r.GasUsdPerRequest),
                            marginUsd = Finite(r.ProverMarginPerRequestUsd),
                            failureRate = Finite(r.FailureRate),
                            p50Seconds = Finite(r.MedianLatencySeconds),
                            p95Seconds = Finite(r.P95LatencySeconds),
                            proofsPerRequest = Finite(r.ProofsPerRequest),
                            winsHhi = Finite(r.WinsHhi),
                            winsGini = Finite(r.WinsGini),
                            revenueHhi = Finite(r.RevenueHhi),
                            revenueGini = Finite(r.RevenueGini),
                            proversIn = r.ProversInMarket,
                        });
                    }
                }
            }
        }
        File.WriteAllText(path, JsonSerializer.Serialize(new { seeds = sweep.Seeds, runs = rows }) + "\n");
    }

    private static double? Finite(double v) => double.IsFinite(v) ? Math.Round(v, 9) : null;
}
