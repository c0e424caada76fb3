using Npgsql;
using OnchainMarket.Devnet.Deploy;
using OnchainMarket.TestSupport;
using Xunit;
using static OnchainMarket.IntegrationTests.EndToEnd.FleetProcesses;

namespace OnchainMarket.IntegrationTests.EndToEnd;

/// <summary>
/// A prover fleet as an operator runs it: `omkt prover run --queue-db` and three
/// `omkt prover worker` processes against one Postgres, one worker killed with SIGKILL mid-proof.
/// </summary>
[Collection("postgres")]
public sealed class FleetKillE2ETests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_worker_killed_mid_proof_loses_its_lease_and_the_job_is_proved_once_and_paid_once()
    {
        var queueDb = await postgres.CreateDatabaseAsync("fleet_e2e");
        await using var devnet = await DevnetProcess.StartAsync(provers: 1);
        var limit = CommandLimit;
        var key = await RegisterProverAsync(devnet, capacity: 4);
        var circuits = devnet.CopyOperatorCircuits();
        await using var coordinator = await OmktCli.StartAsync(devnet.Folder, CoordinatorArguments(key, circuits, Path.Combine(devnet.Folder, "coordinator"), queueDb, capacity: 4));
        await coordinator.WaitForAsync("event=agent_started", TimeSpan.FromMinutes(3));
        // Each worker holds a fresh lease for 6 s before proving (the test circuit proves in
        // milliseconds): time to kill the one that took the job while it is "mid-proof".
        var workers = new Dictionary<string, RunningOmkt>(StringComparer.Ordinal);
        try
        {
            foreach (var name in new[] { "w1", "w2", "w3" })
            {
                workers[name] = await StartWorkerAsync(devnet, queueDb, circuits, name, "--hold-after-lease", "6s");
            }
            foreach (var worker in workers.Values)
            {
                await worker.WaitForAsync("event=circuit_ready", TimeSpan.FromMinutes(3));
            }
            // The capacity on chain is the fleet's (three live workers under the --capacity 4 ceiling), not the flag.
            await coordinator.WaitForAsync("event=capacity_declared capacity=3", TimeSpan.FromMinutes(1));

            var input = Path.Combine(devnet.Folder, "input.json");
            File.WriteAllText(input, "{\"seed\": \"5\", \"nonce\": \"9\"}");
            var submit = await devnet.RunAsync(limit, "request", "submit", "--key-file", devnet.Key("requester"), "--circuit", "hashchain",
                "--input", input, "--mechanism", "dutch", "--max-price", "0.02ether", "--ramp", "20s", "--proving-window", "240s");
            Assert.True(submit.ExitCode == 0, submit.Stderr);

            var victim = await FirstToPrintAsync(workers, "event=job_leased", TimeSpan.FromMinutes(2));
            await workers[victim].KillAsync();
            Assert.DoesNotContain("event=proof_written", workers[victim].Output, StringComparison.Ordinal);

            var wait = await devnet.RunAsync(TimeSpan.FromMinutes(4), "request", "wait", "1", "--timeout", "3m");
            Assert.True(wait.ExitCode == 0, $"{wait.Stderr}\n{coordinator.Output}\n{string.Join("\n", workers.Values.Select(w => w.Output))}");
            Assert.Contains("fulfilled by", wait.Stdout, StringComparison.Ordinal);

            // The queue: one job, leased twice (the dead worker's lease expired), one proof from a survivor.
            await using var database = NpgsqlDataSource.Create(queueDb);
            await using var command = database.CreateCommand("SELECT count(*)::int, max(attempts), max(proved_by), max(phase) FROM fleet.jobs");
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(1, reader.GetInt32(0));
            Assert.Equal(2, reader.GetInt32(1));
            Assert.NotEqual(victim, reader.GetString(2));
            Assert.Equal("proved", reader.GetString(3));
            var written = workers.Where(w => w.Key != victim).Sum(w => Occurrences(w.Value.Output, "event=proof_written"));
            Assert.Equal(1, written);

            // Paid once, by one fulfil: the coordinator delivered one proof and the chain shows one fulfilment.
            await WaitForAsync(async () => Occurrences(coordinator.Output, "event=job_proved") == 1
                && await CountAsync(database, "SELECT count(*)::int FROM fleet.jobs WHERE paid_tx IS NOT NULL") == 1, TimeSpan.FromSeconds(60), coordinator.Output);
            Assert.DoesNotContain("event=delivery_failed", coordinator.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("fulfil reverted", coordinator.Output, StringComparison.Ordinal);

            var status = await devnet.RunAsync(limit, "prover", "status", "--queue-db", queueDb);
            Assert.True(status.ExitCode == 0, status.Stderr);
            Assert.Contains("proved 1", status.Stdout, StringComparison.Ordinal);
            Assert.Contains("over 1 paid jobs", status.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var worker in workers.Values)
            {
                await worker.DisposeAsync();
            }
        }
    }

    private static async Task<string> FirstToPrintAsync(Dictionary<string, RunningOmkt> processes, string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            foreach (var (name, process) in processes)
            {
                if (process.Output.Contains(text, StringComparison.Ordinal))
                {
                    return name;
                }
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"no worker printed '{text}' in {timeout.TotalSeconds:0} s");
    }
}
