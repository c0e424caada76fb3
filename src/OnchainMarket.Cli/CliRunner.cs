using System.CommandLine;

namespace OnchainMarket.Cli;

/// <summary>
/// Runs the parsed command line with the exit codes scripts rely on:
/// 0 success, 1 a failure while doing the work, 2 bad input (a bad argument, a missing file).
/// Errors are one line on stderr, never a stack trace.
/// </summary>
internal static class CliRunner
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"omkt: {error.Message}");
            }
            return BadInput;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        try
        {
            // The default handler would print a stack trace and exit 1; CliUsageException must become exit 2.
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellation.Token);
        }
        catch (CliUsageException e)
        {
            Console.Error.WriteLine($"omkt: {e.Message}");
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("omkt: cancelled");
            return Failure;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("OMKT_DEBUG") != "1")
        {
            // A failure while doing the work: one line naming it; OMKT_DEBUG=1 shows the trace.
            Console.Error.WriteLine($"omkt: {e.GetType().Name}: {e.Message}");
            return Failure;
        }
    }
}
