using Npgsql;
using OnchainMarket.TestSupport;
using Xunit;
using static OnchainMarket.IntegrationTests.EndToEnd.FleetProcesses;

namespace OnchainMarket.IntegrationTests.EndToEnd;

/// <summary>
/// A fleet's coordinator (`omkt prover run --queue-db`) killed with SIGKILL after committing a sealed
/// bid while its two `omkt prover worker` processes keep running: the restarted coordinator reveals
/// the bid from its state folder, wins, its workers prove, and it is paid once.
/// </summary>
[Collection("postgres")]
public sealed class CoordinatorRestartE2ETests(PostgresFixture postgres)
{
    /// <summary>Seconds: far more than a restart takes (the reveal must come after it), skipped on the chain's clock.</summary>
    private const int RevealWindow = 300;

    [Fact]
    public async Task A_coordinator_killed_after_committing_a_bid_reveals_wins_and_its_workers_prove_after_restart()
    {
        var queueDb = await postgres.CreateDatabaseAsync("fleet_restart_e2e");
        await using var devnet = await DevnetProcess.StartAsync(provers: 1);
        var limit = CommandLimit;
        var key = await RegisterProverAsync(devnet, capacity: 2);
        var circuits = devnet.CopyOperatorCircuits();
        var state = Path.Combine(devnet.Folder, "coordinator");
        var coordinatorArguments = CoordinatorArguments(key, circuits, state, queueDb, capacity: 2);
        var workers = new List<RunningOmkt>();
        try
        {
            await using (var first = await OmktCli.StartAsync(devnet.Folder, coordinatorArguments))
            {
                await first.WaitForAsync("event=agent_started", TimeSpan.FromMinutes(3));
                foreach (var name in new[] { "w1", "w2" })
                {
                    workers.Add(await StartWorkerAsync(devnet, queueDb, circuits, name));
                }
                foreach (var worker in workers)
                {
                    await worker.WaitForAsync("event=circuit_ready", TimeSpan.FromMinutes(3));
                }

                var input = Path.Combine(devnet.Folder, "input.json");
                File.WriteAllText(input, "{\"seed\": \"13\", \"nonce\": \"4\"}");
                var submit = await devnet.RunAsync(limit, "request", "submit", "--key-file", devnet.Key("requester"), "--circuit", "hashchain",
                    "--input", input, "--mechanism", "sealed", "--max-price", "0.02ether", "--commit-window", "20s",
                    "--reveal-window", $"{RevealWindow}s", "--proving-window", "90s");
                Assert.True(submit.ExitCode == 0, submit.Stderr);
                Assert.Contains("request 1 submitted", submit.Stdout, StringComparison.Ordinal);

                await first.WaitForAsync("event=bid_committed", TimeSpan.FromSeconds(40));
                await first.KillAsync();
            }

            // The bid is on chain, its salt only in the coordinator's state folder; no job is queued yet.
            var jobs = await devnet.RunAsync(limit, "prover", "jobs", "--state", state);
            Assert.Contains("Committed", jobs.Stdout, StringComparison.Ordinal);
            await using var database = NpgsqlDataSource.Create(queueDb);
            Assert.Equal(0, await CountAsync(database, "SELECT count(*)::int FROM fleet.jobs"));

            await using var second = await OmktCli.StartAsync(devnet.Folder, coordinatorArguments);
            // The reveal window is wide, so the reveal is in time however slow the restart; once it
            // is revealed the chain's clock (not the wall) ends the window.
            await second.WaitForAsync("event=bid_revealed", TimeSpan.FromMinutes(3));
            await devnet.AdvanceClockAsync(RevealWindow);
            var wait = await devnet.RunAsync(TimeSpan.FromMinutes(4), "request", "wait", "1", "--timeout", "3m");
            Assert.True(wait.ExitCode == 0, $"{wait.Stderr}\n{second.Output}\n{string.Join("\n", workers.Select(w => w.Output))}");
            Assert.Contains("fulfilled by", wait.Stdout, StringComparison.Ordinal);
            Assert.Contains("event=job_recovered", second.Output, StringComparison.Ordinal);

            // Proved by a worker (not in the coordinator's process), once, and paid once.
            await WaitForAsync(async () => await CountAsync(database, "SELECT count(*)::int FROM fleet.jobs WHERE paid_tx IS NOT NULL") > 0,
                TimeSpan.FromSeconds(60), second.Output);
            Assert.Equal(1, await CountAsync(database, "SELECT count(*)::int FROM fleet.jobs"));
            Assert.Equal(1, await CountAsync(database, "SELECT count(*)::int FROM fleet.jobs WHERE phase = 'proved' AND proved_by IN ('w1', 'w2')"));
            Assert.Equal(1, await CountAsync(database, "SELECT count(*)::int FROM fleet.jobs WHERE paid_tx IS NOT NULL"));
            Assert.Equal(1, workers.Sum(w => Occurrences(w.Output, "event=proof_written")));
            Assert.DoesNotContain("event=delivery_failed", second.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("fulfil reverted", second.Output, StringComparison.Ordinal);

            var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            do
            {
                jobs = await devnet.RunAsync(limit, "prover", "jobs", "--state", state);
            }
            while (!jobs.Stdout.Contains("Fulfilled", StringComparison.Ordinal) && DateTime.UtcNow < until && await Delay());
            Assert.Contains("Fulfilled", jobs.Stdout, StringComparison.Ordinal);
            // The only bidder is paid the max price (second-price rule with one bid), once.
            Assert.Contains("earned 0.02 ETH", jobs.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        return true;
    }
}
