namespace OnchainMarket.Devnet;

/// <summary>How to start a local anvil node.</summary>
public sealed record AnvilOptions
{
    /// <summary>0 picks a free loopback port.</summary>
    public int Port { get; init; }

    public long ChainId { get; init; } = 31337;

    /// <summary>Seconds between blocks; null mines a block per transaction (anvil's default).</summary>
    public int? BlockTimeSeconds { get; init; }

    /// <summary>anvil derives its safe (1 epoch back) and finalized (2 epochs back) tags from this.</summary>
    public int? SlotsInAnEpoch { get; init; }

    public int Accounts { get; init; } = 10;

    /// <summary>Anything else to pass to anvil as is.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}
