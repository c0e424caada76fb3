using Xunit;

namespace OnchainMarket.IntegrationTests.Bindings;

/// <summary>An anvil node of its own for the bindings tests, so they never depend on another suite's chain state.</summary>
[CollectionDefinition("bindings-anvil")]
public sealed class BindingsAnvilCollection : ICollectionFixture<LargeContractAnvilFixture>;
