namespace OnchainMarket.Simulation.Economics;

/// <summary>
/// What happened to one simulated request. Machine-seconds count every prover's proving time for the
/// request, including work that lost a race (wasted = total − useful).
/// </summary>
public readonly record struct RoundRecord(
    int Request,
    bool Served,
    int Winner,
    double PriceUsd,
    double LatencySeconds,
    double MachineSeconds,
    double UsefulMachineSeconds,
    double ProofEquivalents,
    double ProvingCostUsd,
    long Gas,
    int Participants)
{
    public double WastedMachineSeconds => MachineSeconds - UsefulMachineSeconds;

    /// <summary>Proofs' worth of work that was thrown away (0 for an allocated request).</summary>
    public double WastedProofs => Served ? ProofEquivalents - 1 : ProofEquivalents;
}
