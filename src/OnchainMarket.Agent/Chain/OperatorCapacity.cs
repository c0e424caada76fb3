namespace OnchainMarket.Agent.Chain;

/// <summary>An operator's assignment capacity in the market (<c>operatorState</c>); <paramref name="CooldownUntil"/> is unix seconds.</summary>
public sealed record OperatorCapacity(long MaxConcurrent, long Active, long CooldownUntil);
