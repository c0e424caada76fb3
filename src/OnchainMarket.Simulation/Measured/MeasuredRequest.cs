using System.Numerics;
using OnchainMarket.Simulation.Mechanisms;

namespace OnchainMarket.Simulation.Measured;

/// <summary>
/// One request of the measured run. CPU-seconds are this process's processor time spent proving
/// (all proofs of the request, wasted ones included); machine-seconds are the same proofs at the
/// provers' simulated speeds. Latency is chain time from the submit block to the verifying block.
/// </summary>
public sealed record MeasuredRequest(
    MechanismKind Mechanism,
    int K,
    int Index,
    bool Fulfilled,
    int Winner,
    BigInteger PriceWei,
    long LatencySeconds,
    int ProofsComputed,
    double CpuSeconds,
    double UsefulCpuSeconds,
    double MachineSeconds,
    BigInteger ProvingCostWei,
    long Gas,
    bool? RuleAgrees,
    string? Error)
{
    public double WastedCpuSeconds => CpuSeconds - UsefulCpuSeconds;
}
