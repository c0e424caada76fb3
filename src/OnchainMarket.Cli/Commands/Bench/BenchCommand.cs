using System.CommandLine;

namespace OnchainMarket.Cli.Commands.Bench;

/// <summary>`omkt bench`: benchmarks that write reports.</summary>
internal static class BenchCommand
{
    public static Command Create() => new("bench", "Run a benchmark and write its report")
    {
        BenchMechanismsCommand.Create(),
    };
}
