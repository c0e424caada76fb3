using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Economics;

/// <summary>One arm of the comparison: a mechanism, and for the race the regime its racers are in.</summary>
public readonly record struct Arm(MechanismKind Mechanism, RaceRegime Regime = RaceRegime.Rational)
{
    public static readonly Arm RaceRational = new(MechanismKind.Race, RaceRegime.Rational);
    public static readonly Arm RaceAll = new(MechanismKind.Race, RaceRegime.AllRace);
    public static readonly Arm RaceFreeEntry = new(MechanismKind.Race, RaceRegime.FreeEntry);
    public static readonly Arm SealedBid = new(MechanismKind.SealedBid);
    public static readonly Arm Dutch = new(MechanismKind.Dutch);
    public static readonly Arm Orderbook = new(MechanismKind.Orderbook);

    /// <summary>Every arm, the race regimes first.</summary>
    public static IReadOnlyList<Arm> All { get; } = [RaceAll, RaceRational, RaceFreeEntry, SealedBid, Dutch, Orderbook];

    /// <summary>The three race regimes.</summary>
    public static IReadOnlyList<Arm> Races { get; } = [RaceAll, RaceRational, RaceFreeEntry];

    /// <summary>The allocating mechanisms.</summary>
    public static IReadOnlyList<Arm> Allocating { get; } = [SealedBid, Dutch, Orderbook];

    public string Name => Mechanism != MechanismKind.Race ? MechanismNames.Of(Mechanism) : Regime switch
    {
        RaceRegime.AllRace => "race, all racing",
        RaceRegime.FreeEntry => "race, free entry",
        _ => "race, rational",
    };

    /// <summary>The regime as the headlines name it ("all racing", "rational racing", "free entry").</summary>
    public string RegimeName => Regime switch
    {
        RaceRegime.AllRace => "all racing",
        RaceRegime.FreeEntry => "free entry",
        _ => "rational racing",
    };
}
