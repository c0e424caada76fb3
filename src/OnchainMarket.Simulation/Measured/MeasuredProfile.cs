namespace OnchainMarket.Simulation.Measured;

/// <summary>
/// A measured prover's simulated hardware: real proving time is multiplied by <see cref="Slowdown"/>
/// (the chain's clock is advanced by the slowed time) and each slowed second costs <see cref="WeiPerSecond"/>.
/// </summary>
public sealed record MeasuredProfile(string Name, double Slowdown, System.Numerics.BigInteger WeiPerSecond);
