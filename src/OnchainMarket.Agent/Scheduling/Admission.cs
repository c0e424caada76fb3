namespace OnchainMarket.Agent.Scheduling;

/// <summary>Whether the queue took a job and, if not, why.</summary>
public readonly record struct Admission(bool Accepted, string Reason)
{
    public static Admission Yes { get; } = new(true, "feasible");

    public static Admission No(string reason) => new(false, reason);
}
