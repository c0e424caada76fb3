namespace OnchainMarket.Simulation.Mechanisms;

/// <summary>Short names used on the command line, in tables and in chart legends.</summary>
public static class MechanismNames
{
    /// <summary>The order in which reports list the mechanisms: the baseline first.</summary>
    public static IReadOnlyList<MechanismKind> ReportOrder { get; } =
        [MechanismKind.Race, MechanismKind.SealedBid, MechanismKind.Dutch, MechanismKind.Orderbook];

    public static string Of(MechanismKind kind) => kind switch
    {
        MechanismKind.Race => "race",
        MechanismKind.SealedBid => "sealed-bid",
        MechanismKind.Dutch => "dutch",
        MechanismKind.Orderbook => "orderbook",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown mechanism"),
    };

    /// <summary>Parses a name as written by <see cref="Of"/>; throws <see cref="ArgumentException"/> naming the bad value.</summary>
    public static MechanismKind Parse(string name)
    {
        foreach (var kind in ReportOrder)
        {
            if (string.Equals(Of(kind), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }
        throw new ArgumentException($"unknown mechanism '{name}' (expected race, sealed-bid, dutch or orderbook)", nameof(name));
    }
}
