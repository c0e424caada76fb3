using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.Fleet.Tests;

/// <summary>One Postgres cluster for the whole run; each test takes its own database.</summary>
[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
