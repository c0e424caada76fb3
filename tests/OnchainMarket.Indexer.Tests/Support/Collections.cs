using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.Indexer.Tests.Support;

/// <summary>One throwaway Postgres cluster for the whole run; each test takes its own database and, where it reorganises the chain, its own anvil.</summary>
[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
