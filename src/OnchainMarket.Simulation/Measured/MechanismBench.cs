using System.Diagnostics;
using System.Globalization;
using OnchainMarket.Devnet.Deploy;
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
        var circuit = await BenchCircuit.BuildAsync(settings.Circuit, progress, cancellationToken).ConfigureAwait(false);
        // The CPU backend: the measured figures must not depend on whether this machine has a GPU.
        using var engine = new ProofEngine("cpu");
        var calibration = Calibrate(engine, new CircuitFiles(default(Hash32), circuit.Name, circuit.Constraints, circuit.WasmPath, circuit.ZkeyPath), settings, cancellationToken);
        progress?.Invoke($"one {circuit.Name} proof ({circuit.Constraints} constraints) of a real request's witness takes {calibration:0.000} s here");
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
        var liveRuns = new List<LiveRun>();
        var liveStarted = Stopwatch.StartNew();
        if (settings.Live is { } live)
        {
            foreach (var k in settings.Ks)
            {
                // A devnet of its own: its blocks follow the wall clock, not the hand-mined timestamps above.
                await using var network = await BenchNetwork.StartAsync(k, circuit, settings, engine, calibration, progress, cancellationToken, live).ConfigureAwait(false);
                foreach (var mechanism in MechanismNames.ReportOrder)
                {
                    var run = await network.RunLiveAsync(mechanism, settings.Requests, live, progress, cancellationToken).ConfigureAwait(false);
                    progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                        $"K={k} live {MechanismNames.Of(mechanism)}: {run.Fulfilled}/{run.Requests.Count} fulfilled, p50 {run.MedianLatencySeconds:0.0} s, p95 {run.P95LatencySeconds:0.0} s, up to {run.MaxOpenAtSubmit} open at a submission, {run.Elapsed.TotalSeconds:0} s"));
                    liveRuns.Add(run);
                }
            }
        }
        return new MeasuredResults(runs, engine.BackendName, circuit.Name, circuit.Constraints, calibration, started.Elapsed, settings)
        {
            SlashChecks = slashChecks,
            LiveRuns = liveRuns,
            LiveElapsed = liveStarted.Elapsed,
        };
    }

    /// <summary>
    /// Seconds one proof of a real request's witness takes here, witness generation included (what
    /// every measured request proves), after a warm-up proof: not a dense random witness, which is slower.
    /// </summary>
    private static double Calibrate(ProofEngine engine, CircuitFiles circuit, MeasuredSettings settings, CancellationToken cancellationToken)
    {
        double Once(int n)
        {
            var input = string.Create(CultureInfo.InvariantCulture, $"{{\"seed\": \"{(settings.Seed * 1_000_000L) + 999_000 + n}\", \"nonce\": \"{n}\"}}");
            var publics = WitnessPreview.PublicSignals(circuit.WasmPath, input, 2);
            var watch = Stopwatch.StartNew();
            engine.Prove(circuit, input, publics, cancellationToken);
            return watch.Elapsed.TotalSeconds;
        }
        Once(0);
        return Once(1);
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
