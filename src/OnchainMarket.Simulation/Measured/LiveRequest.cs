using System.Numerics;
using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Measured;

/// <summary>
/// One request of the live phase. Latency is wall-clock seconds from the moment the requester sends
/// its submit to the moment it sees the verifying receipt; <see cref="OpenAtSubmit"/> is how many of
/// the mechanism's earlier requests were still open then. Machine-seconds are the provers' simulated
/// hardware time on the request (a racer stopped by the close counts the time until then).
/// <see cref="Payments"/> counts the RequestFulfilled events the request's receipts carried: 1 if fulfilled, else 0.
/// </summary>
public sealed record LiveRequest(
    MechanismKind Mechanism,
    int K,
    int Index,
    bool Fulfilled,
    int Winner,
    BigInteger PriceWei,
    double LatencySeconds,
    int OpenAtSubmit,
    int ProofsComputed,
    double MachineSeconds,
    double UsefulMachineSeconds,
    BigInteger ProvingCostWei,
    long Gas,
    int RevertedTransactions,
    int Payments,
    string? Error)
{
    public double WastedMachineSeconds => MachineSeconds - UsefulMachineSeconds;
}
