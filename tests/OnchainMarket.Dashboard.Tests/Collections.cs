using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.Dashboard.Tests;

/// <summary>One throwaway Postgres cluster shared by the dashboard's database tests.</summary>
[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
