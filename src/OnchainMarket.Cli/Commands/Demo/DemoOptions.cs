using OnchainMarket.Agent.Chain;

namespace OnchainMarket.Cli.Commands.Demo;

/// <summary>How big a demo to run.</summary>
internal sealed record DemoOptions
{
    /// <summary>Requests streamed by the requester (besides the rollup's batches).</summary>
    public int Requests { get; init; } = 12;

    /// <summary>Batches the example rollup posts one after another.</summary>
    public int RollupBatches { get; init; } = 3;

    public TimeSpan RequestInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Give up waiting for proofs after this long.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(7);

    public string Backend { get; init; } = "auto";

    /// <summary>Use this Postgres database instead of starting a throwaway cluster (it is kept).</summary>
    public string? ConnectionString { get; init; }

    /// <summary>With more than 0, prover alpha is a coordinator whose proofs come from this many `omkt prover worker` processes.</summary>
    public int Workers { get; init; }

    /// <summary>Where the provers' collateral lives (the same market, agents and summary either way).</summary>
    public CollateralKind Collateral { get; init; } = CollateralKind.Vault;
}
