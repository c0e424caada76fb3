using OnchainMarket.Devnet.Deploy;
using Xunit;

namespace OnchainMarket.IntegrationTests.EndToEnd;

/// <summary>The prover client as an operator runs it (omkt prover run), killed with SIGKILL mid-auction.</summary>
public sealed class ProverRestartE2ETests
{
    /// <summary>Seconds: far more than a restart takes (the reveal must come after it), skipped on the chain's clock.</summary>
    private const int RevealWindow = 300;

    [Fact]
    public async Task A_prover_killed_after_committing_a_bid_reveals_wins_proves_and_is_paid_after_restart()
    {
        await using var devnet = await DevnetProcess.StartAsync(provers: 1);
        var limit = TimeSpan.FromMinutes(2);
        var key = devnet.Key("prover1");
        var state = Path.Combine(devnet.Folder, "prover-state");
        // The operator's circuit files: a prover never reads local paths a registry URI names (hostile-input policy).
        var circuits = devnet.CopyOperatorCircuits();

        var register = await devnet.RunAsync(limit, "prover", "register", "--key-file", key, "--capacity", "2", "--stake", "10ether");
        Assert.True(register.ExitCode == 0, register.Stderr);

        string[] runArguments = ["prover", "run", "--key-file", key, "--circuits", circuits, "--state", state, "--no-asks", "--log-format", "kv", "--backend", "cpu"];
        var first = await OmktCli.StartAsync(devnet.Folder, runArguments);
        try
        {
            await first.WaitForAsync("event=agent_started", TimeSpan.FromMinutes(3));
            var input = Path.Combine(devnet.Folder, "input.json");
            File.WriteAllText(input, "{\"seed\": \"11\", \"nonce\": \"3\"}");
            var submit = await devnet.RunAsync(limit, "request", "submit", "--key-file", devnet.Key("requester"), "--circuit", "hashchain",
                "--input", input, "--mechanism", "sealed", "--max-price", "0.02ether", "--commit-window", "20s", "--reveal-window", $"{RevealWindow}s", "--proving-window", "90s");
            Assert.True(submit.ExitCode == 0, submit.Stderr);
            Assert.Contains("request 1 submitted", submit.Stdout, StringComparison.Ordinal);

            await first.WaitForAsync("event=bid_committed", TimeSpan.FromSeconds(40));
            await first.KillAsync();
        }
        finally
        {
            await first.DisposeAsync();
        }

        // The bid is on chain, its salt only on disk. A new process must reveal it, win, prove and deliver.
        var jobs = await devnet.RunAsync(limit, "prover", "jobs", "--state", state);
        Assert.Contains("Committed", jobs.Stdout, StringComparison.Ordinal);

        await using var second = await OmktCli.StartAsync(devnet.Folder, runArguments);
        // The reveal window is wide, so however long the restart takes on a loaded machine the
        // reveal is in time; once it is revealed, the chain's clock (not the wall) ends the window.
        await second.WaitForAsync("event=bid_revealed", TimeSpan.FromMinutes(3));
        await devnet.AdvanceClockAsync(RevealWindow);
        var wait = await devnet.RunAsync(TimeSpan.FromMinutes(4), "request", "wait", "1", "--timeout", "3m");
        Assert.True(wait.ExitCode == 0, $"{wait.Stderr}\n{second.Output}");
        Assert.Contains("fulfilled by", wait.Stdout, StringComparison.Ordinal);
        Assert.Contains("proof [", wait.Stdout, StringComparison.Ordinal);
        Assert.Contains("event=job_recovered", second.Output, StringComparison.Ordinal);
        Assert.Contains("event=bid_revealed", second.Output, StringComparison.Ordinal);

        // `request wait` returns when the chain shows the fulfilment; the prover records it in its
        // job store only once its own receipt arrives, a moment later: poll for that, bounded.
        var recordedBy = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        do
        {
            jobs = await devnet.RunAsync(limit, "prover", "jobs", "--state", state);
            if (jobs.Stdout.Contains("Fulfilled", StringComparison.Ordinal))
            {
                break;
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        while (DateTime.UtcNow < recordedBy);
        Assert.Contains("Fulfilled", jobs.Stdout, StringComparison.Ordinal);
        // The only bidder is paid the max price (second-price rule with one bid).
        Assert.Contains("earned 0.02 ETH", jobs.Stdout, StringComparison.Ordinal);
    }
}
