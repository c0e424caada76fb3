using System.Diagnostics;

namespace OnchainMarket.Prover.Tests.Compatibility;

/// <summary>Runs the real reference tools (node, snarkjs, circom's generate_witness.js) for the tests.</summary>
internal static class ExternalProcess
{
    public static string Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, bool allowFailure = false)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{stdout}\n{stderr.Result}");
        }
        return stdout + stderr.Result;
    }
}
