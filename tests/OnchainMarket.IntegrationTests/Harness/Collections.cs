using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.IntegrationTests.Harness;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
