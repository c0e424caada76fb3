namespace OnchainMarket.Simulation.Economics;

/// <summary>One prover's state and books at the end of a simulated run.</summary>
public sealed record ProverSummary(
    int Index,
    string Profile,
    double MeanProofSeconds,
    double MeanProofCostUsd,
    bool InMarketAtEnd,
    int Exits,
    int Wins,
    int WinsAfterWarmup,
    int Participations,
    double RevenueUsd,
    double ProvingCostUsd,
    double GasUsd,
    double MachineSeconds,
    double RevenueAfterWarmupUsd = 0,
    double SlashedUsd = 0)
{
    public double ProfitUsd => RevenueUsd - ProvingCostUsd - GasUsd - SlashedUsd;
}
