using System.Diagnostics;
using System.Text;
using OnchainMarket.Devnet;

namespace OnchainMarket.IntegrationTests.EndToEnd;

/// <summary>
/// Runs the real omkt program as a child process, the way users and scripts do. It is built once
/// per test run (an incremental dotnet build of the CLI project).
/// </summary>
internal static class OmktCli
{
    private static readonly SemaphoreSlim BuildGate = new(1, 1);
    private static string? _dll;

    public static async Task<string> DllAsync()
    {
        await BuildGate.WaitAsync();
        try
        {
            if (_dll is null)
            {
                var project = Path.Combine(RepoPaths.Root, "src", "OnchainMarket.Cli", "OnchainMarket.Cli.csproj");
                await ChildProcess.RunAsync("dotnet", ["build", project, "-nologo", "-v", "q", "-clp:ErrorsOnly"], RepoPaths.Root, TimeSpan.FromMinutes(10));
                _dll = Path.Combine(RepoPaths.Root, "src", "OnchainMarket.Cli", "bin", "Debug", "net10.0", "omkt.dll");
            }
            return _dll;
        }
        finally
        {
            BuildGate.Release();
        }
    }

    /// <summary>Runs omkt to completion and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        using var process = Start(await DllAsync(), workingDirectory, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"omkt {string.Join(' ', arguments)} did not finish in {timeout.TotalSeconds:0} s: {await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running omkt (devnet up, prover run) whose output lines are collected.</summary>
    public static async Task<RunningOmkt> StartAsync(string workingDirectory, params string[] arguments)
    {
        var process = Start(await DllAsync(), workingDirectory, arguments);
        return new RunningOmkt(process);
    }

    private static Process Start(string dll, string workingDirectory, string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["OMKT_REPO_ROOT"] = RepoPaths.Root;
        return Process.Start(info) ?? throw new InvalidOperationException("could not start omkt");
    }
}

/// <summary>A long-running omkt process and everything it printed so far.</summary>
internal sealed class RunningOmkt : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    public RunningOmkt(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>Waits until the output contains <paramref name="text"/>.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"omkt exited ({Process.ExitCode}) before printing '{text}':\n{Output}");
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"omkt did not print '{text}' in {timeout.TotalSeconds:0} s:\n{Output}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL: no cleanup, no goodbye — a crash.</summary>
    public async Task KillAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: false);
            await Process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM, then a wait for the process to clean up and exit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            try
            {
                await Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                Process.Kill(entireProcessTree: true);
            }
        }
        Process.Dispose();
    }
}
