using System.Numerics;
using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Ingest;
using OnchainMarket.Indexer.Tests.Support;
using OnchainMarket.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace OnchainMarket.Indexer.Tests;

[Collection("postgres")]
public sealed class DerivedStatePostgresAnvilTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static readonly string[] Statuses = ["none", "open", "assigned", "fulfilled", "expired", "cancelled"];

    [Fact]
    public async Task Derived_state_equals_what_the_contracts_report_after_a_long_random_scenario()
    {
        await using var chain = await TestChain.StartAsync();
        // forge scripts may write only inside the repository (foundry.toml fs_permissions).
        var folder = Directory.CreateDirectory(Path.Combine(Devnet.RepoPaths.Root, ".build", "indexer-tests", Guid.NewGuid().ToString("N"))).FullName;
        var market = await MarketDeployment.DeployAsync(chain, folder);
        var (contracts, deployedAt) = DeploymentAddresses.Load(market.AddressesFile);
        var random = new Random(2024);
        var scenario = await MarketScenario.CreateAsync(market, random);
        await scenario.SetUpAsync();

        await using var database = await IndexDatabase.CreateAsync(postgres);
        await using var indexer = IndexerRun.Create(chain.Node.RpcUrl, database, new IndexerOptions { Contracts = contracts, FromBlock = deployedAt ?? 0 }, output);
        var checks = 0;
        for (var step = 0; step < 240; step++)
        {
            await scenario.StepAsync();
            if (step == 100)
            {
                // Random traffic alone sometimes never lets an assignment run late; one slash is driven on purpose.
                await scenario.SlashOnPurposeAsync();
            }
            if (step % 80 == 79)
            {
                var progress = await IndexerRun.CatchUpAsync(indexer);
                await CompareAsync(market, scenario.Operators, database, progress.Checkpoint);
                checks++;
            }
        }
        output.WriteLine($"scenario: {scenario.Succeeded} of {scenario.Sent} transactions succeeded");
        Assert.Equal(3, checks);
        Assert.True(await database.ScalarAsync("SELECT count(*) FROM request_state WHERE status = 'assigned'") + await database.ScalarAsync("SELECT count(*) FROM market_request_assigned") > 0);
        Assert.True(await database.ScalarAsync("SELECT count(*) FROM market_prover_slashed") > 0, "the scenario never slashed anyone");
        Assert.True(await database.ScalarAsync("SELECT count(*) FROM lock_state") > 0, "the scenario never locked stake");
    }

    private static async Task CompareAsync(MarketDeployment market, IReadOnlyList<Address> operators, IndexDatabase database, long block)
    {
        var count = (BigInteger)(await market.CallAsync(MarketDeployment.MarketAbi, market.Market, "requestCount", block))["out0"]!;
        Assert.True(count > 5, $"only {count} requests were submitted");
        Assert.Equal((long)count, await database.ScalarAsync("SELECT count(*) FROM request_state"));
        for (var id = BigInteger.One; id <= count; id++)
        {
            var onChain = await market.CallAsync(MarketDeployment.MarketAbi, market.Market, "getRequest", block, id);
            await using var command = database.Source.CreateCommand(
                "SELECT status, prover, price, round, prove_by, mechanism, bounty, commits, reveals FROM request_state WHERE id = $1");
            command.Parameters.AddWithValue(id);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), $"request {id} is not indexed");
            var what = $"request {id} at block {block}";
            Assert.Equal(Statuses[(int)(BigInteger)onChain["status"]!], reader.GetString(0));
            Assert.Equal(((Address)onChain["prover"]!).ToLowerHex(), reader.IsDBNull(1) ? Address.Zero.ToLowerHex() : HexConvert.ToHex(reader.GetFieldValue<byte[]>(1)));
            Assert.True((BigInteger)onChain["price"]! == (reader.IsDBNull(2) ? 0 : reader.GetFieldValue<BigInteger>(2)), $"{what}: price");
            Assert.True((BigInteger)onChain["round"]! == reader.GetInt64(3), $"{what}: round");
            Assert.True((BigInteger)onChain["proveBy"]! == (reader.IsDBNull(4) ? 0 : reader.GetFieldValue<BigInteger>(4)), $"{what}: proveBy");
            Assert.True((BigInteger)onChain["mechanism"]! == reader.GetInt64(5), $"{what}: mechanism");
            Assert.True((BigInteger)onChain["bounty"]! == reader.GetFieldValue<BigInteger>(6), $"{what}: bounty");
            Assert.True((BigInteger)onChain["commits"]! == reader.GetInt64(7), $"{what}: commits {onChain["commits"]} vs {reader.GetInt64(7)}");
            Assert.True((BigInteger)onChain["reveals"]! == reader.GetInt64(8), $"{what}: reveals");
        }

        foreach (var operatorAddress in operators)
        {
            var pool = await market.CallAsync(MarketDeployment.VaultAbi, market.Vault, "pool", block, operatorAddress);
            var state = await market.CallAsync(MarketDeployment.MarketAbi, market.Market, "operatorState", block, operatorAddress);
            await using var command = database.Source.CreateCommand(
                "SELECT pool_assets, pool_shares, locked, queued_shares, max_concurrent, active_assignments, cooldown_until FROM operator_state WHERE operator = $1");
            command.Parameters.AddWithValue(operatorAddress.ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), $"operator {operatorAddress} is not indexed");
            var what = $"operator {operatorAddress} at block {block}";
            Assert.True((BigInteger)pool["assets"]! == reader.GetFieldValue<BigInteger>(0), $"{what}: assets");
            Assert.True((BigInteger)pool["shares"]! == reader.GetFieldValue<BigInteger>(1), $"{what}: shares");
            Assert.True((BigInteger)pool["locked"]! == reader.GetFieldValue<BigInteger>(2), $"{what}: locked {pool["locked"]} vs {reader.GetFieldValue<BigInteger>(2)}");
            Assert.True((BigInteger)pool["queuedShares"]! == reader.GetFieldValue<BigInteger>(3), $"{what}: queued shares");
            Assert.True((BigInteger)state["maxConcurrent"]! == reader.GetInt64(4), $"{what}: capacity");
            Assert.True((BigInteger)state["active"]! == reader.GetInt64(5), $"{what}: active {state["active"]} vs {reader.GetInt64(5)}");
            Assert.True((BigInteger)state["cooldownUntil"]! == reader.GetFieldValue<BigInteger>(6), $"{what}: cooldown");
        }

        await using (var locks = database.Source.CreateCommand("SELECT slasher, key, operator, amount, status FROM lock_state"))
        await using (var reader = await locks.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var key = reader.GetFieldValue<byte[]>(1);
                var onChain = await market.CallAsync(MarketDeployment.VaultAbi, market.Vault, "lockOf", block, new Address(reader.GetFieldValue<byte[]>(0)), key);
                var held = reader.GetString(4) == "locked";
                Assert.True((BigInteger)onChain["amount"]! == (held ? reader.GetFieldValue<BigInteger>(3) : 0), $"lock {HexConvert.ToHex(key)} ({reader.GetString(4)})");
            }
        }

        await using (var asks = database.Source.CreateCommand("SELECT ask_id, prover, price, active FROM ask_state"))
        await using (var reader = await asks.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var askId = reader.GetFieldValue<BigInteger>(0);
                var onChain = await market.CallAsync(MarketDeployment.MarketAbi, market.Market, "getAsk", block, askId);
                var live = !((Address)onChain["prover"]!).IsZero;
                Assert.True(live == reader.GetBoolean(3), $"ask {askId}: on chain live={live}, indexed active={reader.GetBoolean(3)}");
            }
        }
    }
}
