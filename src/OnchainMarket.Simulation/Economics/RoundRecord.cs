namespace OnchainMarket.Simulation.Economics;

/// <summary>
/// What happened to one simulated request. Machine-seconds count every prover's proving time for the
/// request, including work that lost a race (wasted = total − useful). <see cref="Gas"/> is every
/// party's gas for the request, <see cref="RequesterGas"/> the requester's part of it (submit,
/// finalize); the rest the provers paid. After a slash: the collateral slashed, what went back to
/// the requester (compensation, and the bounty when nobody rescued the request), the bounty paid
/// to the rescuer, the keeper's reward and what was burned (the keeper's own gas is not counted).
/// <see cref="Reopened"/>: the request went through at least one re-opened Dutch auction (a sealed-bid
/// auction nobody could win, or a slash).
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
    double UsefulCostUsd = 0,
    double SlashedUsd = 0,
    double CompensationUsd = 0,
    double BountyUsd = 0,
    double KeeperUsd = 0,
    double BurnedUsd = 0,
    bool Reopened = false)
{
    public double WastedMachineSeconds => MachineSeconds - UsefulMachineSeconds;

    /// <summary>Hardware spent on work that was thrown away (race losers; a failed request's partial work).</summary>
    public double WastedCostUsd => ProvingCostUsd - UsefulCostUsd;

    /// <summary>Proofs' worth of work that was thrown away (0 for an allocated request).</summary>
    public double WastedProofs => Served ? ProofEquivalents - 1 : ProofEquivalents;

    public long ProverGas => Gas - RequesterGas;
}
