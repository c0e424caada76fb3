using OnchainMarket.Prover.Backends;
using OnchainMarket.Prover.Files;
using OnchainMarket.Prover.Witness;

namespace OnchainMarket.Cli.Commands.Prover;

/// <summary>Turns the prover's input errors into one-line usage errors (exit code 2).</summary>
internal static class ProverErrors
{
    public static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ProverInputException e)
        {
            throw new CliUsageException(e.Message);
        }
        catch (WitnessCalculationException e)
        {
            throw new CliUsageException($"the circuit rejected the input: {e.Message}");
        }
        catch (ProverBackendUnavailableException e)
        {
            throw new CliUsageException(e.Message);
        }
        catch (AggregateException e) when (e.InnerException is ProverInputException or WitnessCalculationException)
        {
            return Guard<T>(() => throw e.InnerException);
        }
    }

    public static void RequireFile(string? path, string option)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new CliUsageException($"{option} is required");
        }
        if (!File.Exists(path))
        {
            throw new CliUsageException($"{option} {path}: no such file");
        }
    }

    public static void RequireOutputFolder(string path, string option)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new CliUsageException($"{option} {path}: the folder {folder} does not exist");
        }
    }
}
