using Xunit;

namespace OnchainMarket.Agent.Tests.Chain;

/// <summary>Tests that start their own anvil devnet run one at a time (the machine has two cores).</summary>
[CollectionDefinition("devnet", DisableParallelization = true)]
public sealed class DevnetCollection;
