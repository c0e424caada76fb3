using Npgsql;
using OnchainMarket.TestSupport;
using Xunit;
using static OnchainMarket.IntegrationTests.EndToEnd.FleetProcesses;

namespace OnchainMarket.IntegrationTests.EndToEnd;

/// <summary>
/// A fleet with a worker that writes corrupted proofs (`omkt prover worker --corrupt-proofs`, the fault
/// injector) and an honest one: the coordinator checks every proof with the registry before sending it.
/// </summary>
[Collection("postgres")]
public sealed class FleetProofCheckE2ETests(PostgresFixture postgres)
{
    [Fact]
    public async Task Corrupt_proofs_are_never_sent_the_honest_worker_proves_each_request_paid_once_and_the_cheat_is_barred()
    {
        var queueDb = await postgres.CreateDatabaseAsync("fleet_check_e2e");
        await using var devnet = await DevnetProcess.StartAsync(provers: 1);
        var limit = CommandLimit;
        var key = await RegisterProverAsync(devnet, capacity: 4);
        var circuits = devnet.CopyOperatorCircuits();
        await using var coordinator = await OmktCli.StartAsync(devnet.Folder, CoordinatorArguments(key, circuits, Path.Combine(devnet.Folder, "coordinator"), queueDb, capacity: 4));
        await coordinator.WaitForAsync("event=agent_started", TimeSpan.FromMinutes(3));
        await using var cheat = await StartWorkerAsync(devnet, queueDb, circuits, "cheat", "--corrupt-proofs");
        await cheat.WaitForAsync("event=circuit_ready", TimeSpan.FromMinutes(3));
        var input = Path.Combine(devnet.Folder, "input.json");
        File.WriteAllText(input, "{\"seed\": \"5\", \"nonce\": \"9\"}");

        // Three requests, one at a time: with the honest worker down, the cheat takes each job and writes
        // a bad proof; the coordinator refuses it, and the honest worker, started then, proves the job.
        // (The third refusal bars the cheat: that takes three of its proofs, each of a different job.)
        for (var request = 1; request <= 3; request++)
        {
            var submit = await devnet.RunAsync(limit, "request", "submit", "--key-file", devnet.Key("requester"), "--circuit", "hashchain",
                "--input", input, "--mechanism", "dutch", "--max-price", "0.02ether", "--ramp", "20s", "--proving-window", "240s");
            Assert.True(submit.ExitCode == 0, submit.Stderr);
            await WaitForAsync(() => Occurrences(coordinator.Output, "event=proof_rejected") == request, TimeSpan.FromMinutes(2), coordinator.Output + cheat.Output);

            await using var honest = await StartWorkerAsync(devnet, queueDb, circuits, "honest");
            var wait = await devnet.RunAsync(TimeSpan.FromMinutes(4), "request", "wait", request.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", "3m");
            Assert.True(wait.ExitCode == 0, $"{wait.Stderr}\n{coordinator.Output}\n{cheat.Output}\n{honest.Output}");
            Assert.Contains("fulfilled by", wait.Stdout, StringComparison.Ordinal);
            Assert.Equal(1, Occurrences(honest.Output, "event=proof_written"));
            await honest.KillAsync();
        }

        await cheat.WaitForAsync("event=worker_barred", TimeSpan.FromSeconds(30));
        Assert.Equal(3, Occurrences(cheat.Output, "event=proof_written"));
        Assert.Contains("event=worker_barred worker=cheat", coordinator.Output, StringComparison.Ordinal);
        // Only checked proofs went on chain: no fulfil reverted, none failed, each request paid once.
        await using var database = NpgsqlDataSource.Create(queueDb);
        await WaitForAsync(async () => await CountAsync(database, "SELECT count(*)::int FROM fleet.jobs WHERE paid_tx IS NOT NULL AND proved_by = 'honest'") == 3,
            TimeSpan.FromSeconds(60), coordinator.Output);
        Assert.Equal(3, await CountAsync(database, "SELECT count(*)::int FROM fleet.jobs"));
        Assert.Equal(3, await CountAsync(database, "SELECT count(DISTINCT paid_tx)::int FROM fleet.jobs"));
        Assert.Equal(3, Occurrences(coordinator.Output, "event=job_proved"));
        Assert.DoesNotContain("event=delivery_failed", coordinator.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("reverted", coordinator.Output, StringComparison.Ordinal);

        var status = await devnet.RunAsync(limit, "prover", "status", "--queue-db", queueDb);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains("barred", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("over 3 paid jobs", status.Stdout, StringComparison.Ordinal);
        // Each fulfil's receipt was read: gas per proof is a figure (a lone fulfil costs some 200k+).
        Assert.Matches("gas per proof: [1-9][0-9]{4,} ", status.Stdout);
    }
}
