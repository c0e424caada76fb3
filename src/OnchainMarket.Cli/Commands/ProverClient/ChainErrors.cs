using OnchainMarket.Agent.Proving;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Cli.Commands.ProverClient;

/// <summary>Runs a chain command and turns chain failures into one line on stderr and exit code 1.</summary>
internal static class ChainErrors
{
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (CliUsageException e)
        {
            // System.CommandLine's default handler would print a stack trace and exit 1: report it here.
            Console.Error.WriteLine($"omkt: {e.Message}");
            return 2;
        }
        catch (ContractRevertException e)
        {
            Console.Error.WriteLine($"omkt: the transaction reverted: {Describe(e)}");
            return 1;
        }
        catch (Exception e) when (e is TransactionDroppedException or CircuitFileException || (e is not OperationCanceledException && NodeErrors.IsTransient(e)))
        {
            Console.Error.WriteLine($"omkt: {e.Message}");
            return 1;
        }
    }

    /// <summary>The synchronous form for commands that do not touch the chain.</summary>
    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (CliUsageException e)
        {
            Console.Error.WriteLine($"omkt: {e.Message}");
            return 2;
        }
    }

    public static string Describe(ContractRevertException e) =>
        e.ErrorName is null
            ? e.Message
            : $"{e.ErrorName}({string.Join(", ", e.Arguments.Select(FormatArgument))})";

    private static string FormatArgument(object? value) => value switch
    {
        byte[] bytes => System.Text.Encoding.ASCII.GetString(bytes).TrimEnd('\0') is { Length: > 0 } text && text.All(c => c >= ' ' && c < 127)
            ? $"\"{text}\""
            : HexConvert.ToHex(bytes),
        null => "null",
        _ => value.ToString() ?? string.Empty,
    };
}
