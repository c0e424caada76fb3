namespace OnchainMarket.Cli.Commands.Demo;

/// <summary>What the demo found in the indexed views, and whether it proves the story it tells.</summary>
internal sealed record DemoOutcome(
    IReadOnlyList<(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)> Tables,
    int Requests,
    int Fulfilled,
    int Slashes,
    int Rescued,
    int RollupBatches,
    int RollupBatchesProved)
{
    /// <summary>Every request proved, at least one slash and every slashed request rescued, every rollup batch proved.</summary>
    public bool Succeeded => Fulfilled == Requests && Slashes > 0 && Rescued == Slashes && RollupBatchesProved == RollupBatches;
}
