using System.Diagnostics;
using System.Reflection;
using Npgsql;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.Fleet.Coordinator;
using OnchainMarket.Fleet.Queue;
using OnchainMarket.Fleet.Schema;

namespace OnchainMarket.Cli.Commands.Demo;

/// <summary>
/// `omkt demo --workers N`: one demo prover is a coordinator whose proofs are made by N separate
/// `omkt prover worker` processes over the demo's own Postgres (schema <c>fleet</c>), as an operator
/// with a fleet runs it. The workers are this same program started again; they are killed on dispose.
/// </summary>
internal sealed class DemoFleet : IAsyncDisposable
{
    private readonly List<Process> _workers = [];

    private DemoFleet(FleetProver prover) => Prover = prover;

    public FleetProver Prover { get; }

    public int Count => _workers.Count;

    public static async Task<DemoFleet> StartAsync(string connectionString, NpgsqlDataSource database, MarketContracts chain,
        IEnumerable<CircuitFiles> served, int workers, string backend, string folder, StructuredLog log,
        CancellationToken cancellationToken)
    {
        await FleetSchema.EnsureAsync(database, cancellationToken);
        var fleet = new DemoFleet(new FleetProver(database, new RegistryProofCheck(chain.Registry), log.For("fleet"))
            {
                TransactionGas = ReceiptGas.Reader(chain.Web3),
            });
        var published = new List<FleetCircuit>();
        foreach (var files in served)
        {
            var metadata = await chain.CircuitMetadataAsync(files.CircuitId, cancellationToken);
            published.Add(new FleetCircuit(files.CircuitId.ToString(), metadata.Name, metadata.Constraints, metadata.WasmHash.ToString(), metadata.ZkeyHash.ToString(), metadata.Uri));
        }
        await fleet.Prover.StartAsync(published, cancellationToken);

        // The workers find the circuit files in their folder (checked against the registry's hashes) instead of fetching them.
        var circuits = CircuitBuilder.CopyCircuitFilesTo(Path.Combine(folder, "worker-circuits"));
        for (var k = 1; k <= workers; k++)
        {
            var name = $"demo-worker-{k}";
            fleet._workers.Add(StartWorker(name, connectionString, circuits, backend, log.For(name)));
        }
        await fleet.Prover.WaitForWorkersAsync(workers, TimeSpan.FromMinutes(3), cancellationToken);
        return fleet;
    }

    /// <summary>This program again, as `omkt prover worker` (through `dotnet omkt.dll` when that is how it runs).</summary>
    private static Process StartWorker(string name, string connectionString, string circuits, string backend, StructuredLog workerLog)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program to start as a worker");
        var info = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }
        foreach (var argument in new[] { "prover", "worker", "--queue-db", connectionString, "--name", name, "--circuits", circuits, "--backend", backend, "--log-format", "kv" })
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start worker {name}");
        process.StandardInput.Close();
        // SIGTERM ends the demo without unwinding: take the workers down with it anyway.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill(process);
        // Drained always (a full pipe would stall the worker); each line goes to the demo's log under the worker's name.
        void Forward(string? line)
        {
            if (!string.IsNullOrEmpty(line))
            {
                workerLog.Info("worker_output", ("line", line));
            }
        }
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Kill(Process worker)
    {
        try
        {
            if (!worker.HasExited)
            {
                worker.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            Kill(worker);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await worker.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                // It was sent SIGKILL; the kernel finishes it.
            }
            worker.Dispose();
        }
        await Prover.DisposeAsync();
    }
}
