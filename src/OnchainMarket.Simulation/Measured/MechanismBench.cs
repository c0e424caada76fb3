using System.Diagnostics;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Ethereum;
using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Measured;

/// <summary>
/// The measured run: for each K a fresh devnet (anvil, the market, K registered provers), then
/// the same number of requests for the benchmark circuit (<see cref="BenchCircuit"/>) under each mechanism in turn,
/// every proof really computed by the CPU prover.
/// </summary>
public static class MechanismBench
{

    public static async Task<MeasuredResults> RunAsync(MeasuredSettings settings, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        settings.Validate();
        var started = Stopwatch.StartNew();
        var circuit = await BenchCircuit.BuildAsync(progress, cancellationToken).ConfigureAwait(false);
        // The CPU backend: the measured figures must not depend on whether this machine has a GPU.
        using var engine = new ProofEngine("cpu");
        var calibration = engine.Benchmark(new CircuitFiles(default(Hash32), circuit.Name, circuit.Constraints, circuit.WasmPath, circuit.ZkeyPath), cancellationToken).TotalSeconds;
        progress?.Invoke($"one {circuit.Name} proof ({circuit.Constraints} constraints) takes {calibration:0.000} s here");
        var runs = new List<MeasuredRun>();
        var slashChecks = new List<SlashReopenCheck>();
        foreach (var k in settings.Ks)
        {
            await using var network = await BenchNetwork.StartAsync(k, circuit, settings, engine, calibration, progress, cancellationToken).ConfigureAwait(false);
            foreach (var mechanism in MechanismNames.ReportOrder)
            {
                runs.Add(await network.RunAsync(mechanism, progress, cancellationToken).ConfigureAwait(false));
            }
            if (k >= 2)
            {
                progress?.Invoke($"K={k}: one dropout through slash and re-open");
                slashChecks.Add(await SlashCheckAsync(network, k, progress, cancellationToken).ConfigureAwait(false));
            }
        }
        return new MeasuredResults(runs, engine.BackendName, circuit.Name, circuit.Constraints, calibration, started.Elapsed, settings) { SlashChecks = slashChecks };
    }

    private static async Task<SlashReopenCheck> SlashCheckAsync(BenchNetwork network, int k, Action<string>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return await network.SlashReopenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            progress?.Invoke($"K={k}: the slash-and-reopen check failed: {e.Message}");
            return new SlashReopenCheck(k, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false, false, false, false, 0, e.Message);
        }
    }
}
