using System.Diagnostics;
using System.Text;

namespace OnchainMarket.Devnet;

/// <summary>Runs short helper commands (initdb, pg_ctl, forge) and captures what they print.</summary>
public static class ChildProcess
{
    /// <summary>Runs a command to completion; throws with its output when it exits non-zero.</summary>
    public static async Task<string> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Nothing to read: a tool that would wait for input sees end-of-file instead of the caller's terminal.
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            // The pipes close with the process: what it printed says where it hung.
            var printed = (await stderr.ConfigureAwait(false)).Trim() + " " + (await stdout.ConfigureAwait(false)).Trim();
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish in time; it printed: {printed[Math.Max(0, printed.Length - 2000)..]}");
        }

        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var message = new StringBuilder()
                .Append(Path.GetFileName(fileName)).Append(" exited with code ").Append(process.ExitCode).Append(": ")
                .Append(errors.Trim().Length > 0 ? errors.Trim() : output.Trim());
            throw new InvalidOperationException(message.ToString());
        }
        return output;
    }
}
