using System.Diagnostics;
using OnchainMarket.Devnet;

namespace OnchainMarket.Ethereum.Tests.Support;

/// <summary>Runs the real foundry <c>cast</c> binary and returns its trimmed standard output.</summary>
internal static class CastTool
{
    // Two cores are shared by everyone: a few cast processes at a time are plenty.
    private static readonly SemaphoreSlim Slots = new(4, 4);

    public static async Task<string> RunAsync(params string[] arguments)
    {
        await Slots.WaitAsync();
        try
        {
            var info = new ProcessStartInfo(RepoPaths.Cast)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }
            using var process = Process.Start(info) ?? throw new InvalidOperationException("cast did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"cast {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
            }
            return (await stdout).Trim();
        }
        finally
        {
            Slots.Release();
        }
    }

    /// <summary>Runs one cast command per case, a few at a time, and returns the outputs in case order.</summary>
    public static Task<string[]> RunAllAsync(IEnumerable<string[]> cases) => Task.WhenAll(cases.Select(RunAsync));
}
