using OnchainMarket.Devnet;
using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Catalog;
using OnchainMarket.Indexer.Schema;
using Xunit;

namespace OnchainMarket.Indexer.Tests;

public sealed class EventCatalogTests
{
    [Theory]
    [InlineData("RequestSubmitted", "request_submitted")]
    [InlineData("metadataURI", "metadata_uri")]
    [InlineData("URIHash", "uri_hash")]
    [InlineData("_operator", "operator")]
    [InlineData("poolQueuedShares", "pool_queued_shares")]
    [InlineData("numInputs", "num_inputs")]
    [InlineData("g2X", "g2_x")]
    public void Solidity_names_become_snake_case_columns(string solidity, string expected) =>
        Assert.Equal(expected, SqlNames.Snake(solidity));

    [Fact]
    public void Every_event_of_the_forge_artifacts_is_in_the_embedded_catalog()
    {
        // The catalog is embedded at build time; the artifacts on disk are what forge compiled last. A contract
        // change without a rebuild (or a new event) shows up here.
        var catalog = EventCatalog.Market();
        foreach (var (contract, _) in EventCatalog.MarketContracts)
        {
            var artifact = Path.Combine(RepoPaths.ForgeArtifacts, $"{contract}.sol", $"{contract}.json");
            var abi = ContractAbi.Parse(File.ReadAllText(artifact));
            Assert.NotEmpty(abi.Events);
            foreach (var abiEvent in abi.Events)
            {
                Assert.True(catalog.TryResolve(contract, abiEvent.Topic0, out var table), $"{contract}.{abiEvent.Signature} is not catalogued");
                Assert.Equal(abiEvent.Signature, table.Event.Signature);
            }
            Assert.Equal(abi.Events.Count, catalog.Tables.Count(t => t.Contract == contract));
        }
    }

    [Fact]
    public void A_tuple_field_flattens_into_one_column_per_component()
    {
        var abiEvent = AbiEvent.Parse("Posted(uint256 indexed,(bytes32,uint256[],(address,bool)))");
        var abi = ContractAbi.Parse("""
            [{"type":"event","name":"Posted","anonymous":false,"inputs":[
              {"name":"id","type":"uint256","indexed":true},
              {"name":"req","type":"tuple","indexed":false,"components":[
                {"name":"circuitId","type":"bytes32"},{"name":"inputs","type":"uint256[]"},
                {"name":"cb","type":"tuple","components":[{"name":"target","type":"address"},{"name":"on","type":"bool"}]}]}]}]
            """);
        var catalog = new EventCatalog([new CatalogContract("Thing", "thing", abi)]);
        var table = Assert.Single(catalog.Tables);
        Assert.Equal(abiEvent.Topic0, table.Event.Topic0);
        Assert.Equal("thing_posted", table.TableName);
        Assert.Equal(
            ["id", "req_circuit_id", "req_inputs", "req_cb_target", "req_cb_on"],
            table.Columns.Select(c => c.Name));
        Assert.Equal(
            [ColumnKind.Numeric, ColumnKind.Bytea, ColumnKind.NumericArray, ColumnKind.Bytea, ColumnKind.Boolean],
            table.Columns.Select(c => c.Kind));
    }

    [Fact]
    public void The_events_migration_is_what_the_catalog_generates()
    {
        var embedded = Migrator.Embedded().Single(m => m.Version.EndsWith("_events", StringComparison.Ordinal));
        var generated = EventSchemaSql.Generate(EventCatalog.Market());
        var regenerate = Environment.GetEnvironmentVariable("OMKT_REGENERATE_EVENT_SCHEMA");
        if (!string.IsNullOrEmpty(regenerate))
        {
            File.WriteAllText(regenerate, generated);
        }
        Assert.True(generated == embedded.Sql,
            $"Migration {embedded.Version} differs from the tables the ABIs need. Set OMKT_REGENERATE_EVENT_SCHEMA to a file path to write the "
            + "generated DDL there, then put it in a new migration (or, before any release, into this one).");
    }
}
