namespace OnchainMarket.Prover.Files;

/// <summary>
/// A prover input (a .zkey, .wtns, .r1cs, .wasm or input JSON file) is malformed, truncated,
/// made for another curve or protocol, or does not fit the other inputs. The message names the
/// file and the problem.
/// </summary>
public sealed class ProverInputException : Exception
{
    public ProverInputException(string file, string problem)
        : base($"{file}: {problem}")
    {
        FilePath = file;
        Problem = problem;
    }

    public ProverInputException(string file, string problem, Exception inner)
        : base($"{file}: {problem}", inner)
    {
        FilePath = file;
        Problem = problem;
    }

    /// <summary>The file the problem was found in.</summary>
    public string FilePath { get; }

    /// <summary>The problem, without the file name.</summary>
    public string Problem { get; }
}
