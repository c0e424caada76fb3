namespace OnchainMarket.Simulation.Economics;

/// <summary>A liveness experiment: the chance an assigned prover (or a racer) drops its job, and whether a share of the provers goes offline for a while.</summary>
public readonly record struct FaultCase(double Dropout, bool Outage)
{
    public static readonly FaultCase None = new(0, false);

    public bool IsNone => Dropout == 0 && !Outage;

    public string Name => IsNone ? "no faults" : Outage ? "outage" : $"{(Dropout * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} % dropout";
}
