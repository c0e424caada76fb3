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
        if (UnknownCommand(parsed) is { } unknown)
        {
            // With --help the parser reports no error and prints the parent's help: a typo would look like success.
            Console.Error.WriteLine(unknown);
            return BadInput;
        }
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

    /// <summary>"unknown command" when a word stands where the deepest matched command expects a subcommand.</summary>
    private static string? UnknownCommand(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        if (command.Subcommands.Count == 0 || parsed.UnmatchedTokens.Count == 0)
        {
            return null;
        }
        var word = parsed.UnmatchedTokens[0];
        if (word.StartsWith('-'))
        {
            return null;
        }
        var path = string.Join(' ', Path(parsed.CommandResult));
        var known = string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
        return $"omkt: unknown command '{word}' for '{path}' (commands: {known}; see '{path} --help')";
    }

    private static IEnumerable<string> Path(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is System.CommandLine.Parsing.CommandResult c)
            {
                names.Push(c.Parent is null ? "omkt" : c.Command.Name);
            }
        }
        return names;
    }
}
