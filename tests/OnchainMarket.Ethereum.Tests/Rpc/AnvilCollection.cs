using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.Ethereum.Tests.Rpc;

/// <summary>One anvil node shared by the tests that need a chain.</summary>
[CollectionDefinition("anvil")]
public sealed class AnvilCollection : ICollectionFixture<AnvilFixture>;
