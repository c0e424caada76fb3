namespace OnchainMarket.Simulation.Economics;

/// <summary>
/// What happened to one simulated request. Machine-seconds count every prover's proving time for the
/// request, including work that lost a race (wasted = total − useful). <see cref="Gas"/> is every
/// party's gas for the request, <see cref="RequesterGas"/> the requester's part of it (submit,
/// finalize); the rest the provers paid.
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
    int Participants,
    long RequesterGas = 0,
    double UsefulCostUsd = 0)
{
    public double WastedMachineSeconds => MachineSeconds - UsefulMachineSeconds;

    /// <summary>Hardware spent on work that was thrown away (race losers; a failed request's partial work).</summary>
    public double WastedCostUsd => ProvingCostUsd - UsefulCostUsd;

    /// <summary>Proofs' worth of work that was thrown away (0 for an allocated request).</summary>
    public double WastedProofs => Served ? ProofEquivalents - 1 : ProofEquivalents;

    public long ProverGas => Gas - RequesterGas;
}
