using Npgsql;
using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.IntegrationTests.EndToEnd;

/// <summary>
/// What the fleet's end-to-end tests share: a registered prover, the coordinator's and a worker's command lines
/// (CPU backend, key=value logs, as an operator would start them), and reading what the processes and the queue say.
/// </summary>
internal static class FleetProcesses
{
    public static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(2);

    /// <summary>Registers prover1 with <paramref name="capacity"/> and 10 ETH of stake; returns its key file.</summary>
    public static async Task<string> RegisterProverAsync(DevnetProcess devnet, int capacity)
    {
        var key = devnet.Key("prover1");
        var register = await devnet.RunAsync(CommandLimit, "prover", "register", "--key-file", key,
            "--capacity", capacity.ToString(System.Globalization.CultureInfo.InvariantCulture), "--stake", "10ether");
        Assert.True(register.ExitCode == 0, register.Stderr);
        return key;
    }

    /// <summary>`omkt prover run --queue-db` as the fleet's coordinator (no standing asks).</summary>
    public static string[] CoordinatorArguments(string key, string circuits, string state, string queueDb, int capacity) =>
        ["prover", "run", "--key-file", key, "--circuits", circuits, "--state", state, "--no-asks", "--log-format", "kv",
            "--backend", "cpu", "--capacity", capacity.ToString(System.Globalization.CultureInfo.InvariantCulture), "--queue-db", queueDb];

    /// <summary>Starts `omkt prover worker` named <paramref name="name"/>; <paramref name="extra"/> adds options (fault injectors).</summary>
    public static Task<RunningOmkt> StartWorkerAsync(DevnetProcess devnet, string queueDb, string circuits, string name, params string[] extra) =>
        OmktCli.StartAsync(devnet.Folder, ["prover", "worker", "--queue-db", queueDb, "--name", name, "--circuits", circuits,
            "--backend", "cpu", "--log-format", "kv", .. extra]);

    /// <summary>How many times <paramref name="what"/> occurs in <paramref name="text"/> (log lines of one event).</summary>
    public static int Occurrences(string text, string what) =>
        (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    /// <summary>An integer the queue database answers.</summary>
    public static async Task<int> CountAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="context"/> (the processes' output) after <paramref name="timeout"/>.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string context)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"condition not met in {timeout.TotalSeconds:0} s:\n{context}");
            await Task.Delay(250);
        }
    }

    /// <inheritdoc cref="WaitForAsync(Func{Task{bool}}, TimeSpan, string)"/>
    public static Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string context) =>
        WaitForAsync(() => Task.FromResult(condition()), timeout, context);
}
