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

    /// <summary>anvil's unlocked dev accounts: 0 keeper, 1–3 operators, 4 requester.</summary>
    private static Address[] Accounts = [];

    private static Address Keeper => Accounts[0];

    private static Address Requester => Accounts[4];

    private static Address[] Operators => Accounts[1..4];

    [Fact]
    public async Task Derived_state_equals_what_the_contracts_report_after_a_long_random_scenario()
    {
        await using var chain = await TestChain.StartAsync();
        // forge scripts may write only inside the repository (foundry.toml fs_permissions).
        var folder = Directory.CreateDirectory(Path.Combine(Devnet.RepoPaths.Root, ".build", "indexer-tests", Guid.NewGuid().ToString("N"))).FullName;
        var market = await MarketDeployment.DeployAsync(chain, folder);
        Accounts = (await chain.Rpc.SendAsync<string[]>("eth_accounts", [])).Select(a => Address.Parse(a.ToLowerInvariant())).ToArray();
        var (contracts, deployedAt) = DeploymentAddresses.Load(market.AddressesFile);
        var random = new Random(2024);
        var scenario = new Scenario(market, random);
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
                await CompareAsync(market, database, progress.Checkpoint);
                checks++;
            }
        }
        output.WriteLine($"scenario: {scenario.Succeeded} of {scenario.Sent} transactions succeeded");
        Assert.Equal(3, checks);
        Assert.True(await database.ScalarAsync("SELECT count(*) FROM request_state WHERE status = 'assigned'") + await database.ScalarAsync("SELECT count(*) FROM market_request_assigned") > 0);
        Assert.True(await database.ScalarAsync("SELECT count(*) FROM market_prover_slashed") > 0, "the scenario never slashed anyone");
        Assert.True(await database.ScalarAsync("SELECT count(*) FROM lock_state") > 0, "the scenario never locked stake");
    }

    private static async Task CompareAsync(MarketDeployment market, IndexDatabase database, long block)
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

        foreach (var operatorAddress in Operators)
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

    /// <summary>Random market traffic: requests of every mechanism, bids, locks, asks, cancels, expiries, slashes, deposits, withdrawals, time passing.</summary>
    private sealed class Scenario(MarketDeployment market, Random random)
    {
        private readonly List<(BigInteger Id, Address Prover, BigInteger Price, byte[] Salt)> _bids = [];
        private readonly List<BigInteger> _withdrawals = [];
        private BigInteger _requests;
        private BigInteger _asks;

        public int Sent { get; private set; }

        public int Succeeded { get; private set; }

        public async Task SetUpAsync()
        {
            foreach (var op in Operators)
            {
                await SendAsync(Keeper, market.Token, MarketDeployment.TokenAbi.Function("mint").EncodeCall(op, Ether(1000)));
                await SendAsync(op, market.Token, MarketDeployment.TokenAbi.Function("approve").EncodeCall(market.Vault, Ether(1_000_000)));
                await SendAsync(op, market.Vault, MarketDeployment.VaultAbi.Function("registerOperator").EncodeCall(random.Next(0, 2000), "https://prover.example"));
                await SendAsync(op, market.Vault, MarketDeployment.VaultAbi.Function("deposit").EncodeCall(op, Ether(random.Next(5, 20))));
                await SendAsync(op, market.Market, MarketDeployment.MarketAbi.Function("setCapacity").EncodeCall(random.Next(1, 4)));
            }
        }

        public async Task StepAsync()
        {
            var op = Operators[random.Next(Operators.Length)];
            var abi = MarketDeployment.MarketAbi;
            switch (random.Next(14))
            {
                case 0 or 1 or 2:
                    await SubmitAsync();
                    break;
                case 3:
                    {
                        var id = SomeRequest();
                        var price = new BigInteger(random.Next(1, 1000)) * 1_000_000_000_000;
                        var salt = new byte[32];
                        random.NextBytes(salt);
                        var commitment = Keccak256.Hash(AbiCodec.Encode([AbiType.UInt256, AbiType.AddressType, AbiType.UInt256, AbiType.Parse("bytes32")], [id, op, price, salt]));
                        if (await SendAsync(op, market.Market, abi.Function("commitBid").EncodeCall(id, commitment.ToArray()), Ether(1)))
                        {
                            _bids.Add((id, op, price, salt));
                        }
                        break;
                    }
                case 4 when _bids.Count > 0:
                    {
                        var bid = _bids[random.Next(_bids.Count)];
                        await SendAsync(bid.Prover, market.Market, abi.Function("revealBid").EncodeCall(bid.Id, bid.Price, bid.Salt));
                        break;
                    }
                case 5:
                    await SendAsync(Keeper, market.Market, abi.Function("finalize").EncodeCall(SomeRequest()));
                    break;
                case 6:
                    await SendAsync(op, market.Market, abi.Function("lock").EncodeCall(SomeRequest()));
                    break;
                case 7:
                    {
                        var price = new BigInteger(random.Next(1, 1000)) * 1_000_000_000_000;
                        var hint = (BigInteger)(await market.CallAsync(abi, market.Market, "askHint", await market.Chain.HeadAsync(), market.CircuitId.ToArray(), Address.Zero, price))["out0"]!;
                        var expiry = await NowAsync() + random.Next(100, 3000);
                        // AskTerms: circuit, token, price, expiry, maxCollateral, minProvingWindow, maxCallbackGas, acceptWindow.
                        object?[] terms = [market.CircuitId.ToArray(), Address.Zero, price, expiry, Ether(random.Next(0, 4)), 1, 0, random.Next(0, 120)];
                        if (await SendAsync(op, market.Market, abi.Function("placeAsk").EncodeCall(terms, hint)))
                        {
                            _asks++;
                        }
                        break;
                    }
                case 8 when _asks > 0:
                    await SendAsync(op, market.Market, abi.Function("cancelAsk").EncodeCall(new BigInteger(random.Next(1, (int)_asks + 1))));
                    break;
                case 9:
                    await SendAsync(Requester, market.Market, abi.Function(random.Next(2) == 0 ? "cancel" : "expire").EncodeCall(SomeRequest()));
                    break;
                case 10:
                    await SendAsync(Keeper, market.Market, abi.Function("slash").EncodeCall(SomeRequest()));
                    break;
                case 11:
                    {
                        var vault = MarketDeployment.VaultAbi;
                        switch (random.Next(3))
                        {
                            case 0:
                                await SendAsync(op, market.Vault, vault.Function("deposit").EncodeCall(op, Ether(random.Next(1, 5))));
                                break;
                            case 1:
                                if (await SendAsync(op, market.Vault, vault.Function("queueWithdrawal").EncodeCall(op, Ether(1))))
                                {
                                    _withdrawals.Add(_withdrawals.Count + 1);
                                }
                                break;
                            default:
                                if (_withdrawals.Count > 0)
                                {
                                    await SendAsync(Keeper, market.Vault, vault.Function("completeWithdrawal").EncodeCall(_withdrawals[random.Next(_withdrawals.Count)]));
                                }
                                break;
                        }
                        break;
                    }
                case 12:
                    await SendAsync(op, market.Market, abi.Function("setCapacity").EncodeCall(random.Next(1, 4)));
                    break;
                default:
                    await market.Chain.Rpc.SendRawAsync("evm_increaseTime", [random.Next(20, 200)]);
                    await market.Chain.MineAsync();
                    break;
            }
        }

        /// <summary>
        /// A Dutch request locked by the operator whose cooldown ends first, then the chain's clock set past its
        /// prove-by so the keeper's slash must succeed: the scenario slashes at least once whatever the random draw.
        /// </summary>
        public async Task SlashOnPurposeAsync()
        {
            var abi = MarketDeployment.MarketAbi;
            var head = await market.Chain.HeadAsync();
            var cooldowns = new List<(Address Operator, BigInteger Until)>();
            foreach (var candidate in Operators)
            {
                cooldowns.Add((candidate, (BigInteger)(await market.CallAsync(abi, market.Market, "operatorState", head, candidate))["cooldownUntil"]!));
            }
            var (op, cooldownUntil) = cooldowns.MinBy(c => c.Until);
            if (cooldownUntil >= await NowAsync())
            {
                await SetClockAsync((long)cooldownUntil + 1);
            }
            // Capacity above any the random steps set (1–3), so the lock cannot be refused for capacity.
            await MustSendAsync(op, abi.Function("setCapacity").EncodeCall(4), "setCapacity before the planned slash");
            await SubmitAsync(mechanism: 1, maxPrice: new BigInteger(500) * 1_000_000_000_000, collateral: BigInteger.Zero, provingWindow: 60, fallbackToAuction: false);
            // The id from the chain, not from counting: the slash must hit the request just submitted.
            var id = (BigInteger)(await market.CallAsync(abi, market.Market, "requestCount", await market.Chain.HeadAsync()))["out0"]!;
            Assert.True((BigInteger)(await market.CallAsync(abi, market.Market, "getRequest", await market.Chain.HeadAsync(), id))["mechanism"]! == 1,
                "the planned slash's Dutch request was not accepted");
            await MustSendAsync(op, abi.Function("lock").EncodeCall(id), $"{op} locking request {id}");
            var proveBy = (BigInteger)(await market.CallAsync(abi, market.Market, "getRequest", await market.Chain.HeadAsync(), id))["proveBy"]!;
            await SetClockAsync((long)proveBy + 1);
            await MustSendAsync(Keeper, abi.Function("slash").EncodeCall(id), $"the keeper slashing request {id} after its prove-by");
        }

        private async Task MustSendAsync(Address from, byte[] data, string what)
        {
            var why = await RevertOfAsync(from, data);
            Assert.True(await SendAsync(from, market.Market, data), $"{what} failed: {why}");
        }

        /// <summary>Why a call would revert, for a failure message.</summary>
        private async Task<string> RevertOfAsync(Address from, byte[] data)
        {
            try
            {
                await market.Chain.Rpc.CallAsync(new CallRequest { From = from, To = market.Market, Data = data }, BlockTag.Latest);
                return "the call succeeds";
            }
            catch (Exception e) when (e is RpcClientException or ContractRevertException)
            {
                return e.Message;
            }
        }

        /// <summary>Mines an empty block at <paramref name="timestamp"/>: the chain's clock, not the wall clock.</summary>
        private async Task SetClockAsync(long timestamp)
        {
            await market.Chain.Rpc.SendRawAsync("evm_setNextBlockTimestamp", [timestamp]);
            await market.Chain.MineAsync();
        }

        private Task SubmitAsync() =>
            SubmitAsync(random.Next(3), // sealed bid, Dutch, orderbook (a race needs a proof to end)
                new BigInteger(random.Next(100, 1000)) * 1_000_000_000_000, Ether(random.Next(0, 3)), random.Next(60, 200), random.Next(3) != 0);

        private async Task SubmitAsync(int mechanism, BigInteger maxPrice, BigInteger collateral, int provingWindow, bool fallbackToAuction)
        {
            var now = await NowAsync();
            var hint = mechanism == 2
                ? (BigInteger)(await market.CallAsync(MarketDeployment.MarketAbi, market.Market, "requestHint", await market.Chain.HeadAsync(), market.CircuitId.ToArray(), Address.Zero, maxPrice))["out0"]!
                : BigInteger.Zero;
            object?[] requestParams =
            [
                market.CircuitId.ToArray(),
                new object?[] { new BigInteger(1), new BigInteger(2), new BigInteger(random.Next()) },
                new byte[] { 1, 2, 3 }, "", new byte[32], Address.Zero, maxPrice,
                maxPrice / 10, collateral,
                now + 60, now + 120, 100, provingWindow, now + 1200, mechanism, fallbackToAuction, Address.Zero, 0, hint,
            ];
            if (await SendAsync(Requester, market.Market, MarketDeployment.MarketAbi.Function("submit").EncodeCall(new object?[] { requestParams }), maxPrice))
            {
                _requests++;
            }
        }

        private BigInteger SomeRequest() => _requests == 0 ? BigInteger.One : new BigInteger(random.Next(1, (int)_requests + 1));

        private async Task<long> NowAsync() => (await market.Chain.Rpc.GetBlockByNumberAsync(BlockTag.Latest))!.Timestamp;

        private async Task<bool> SendAsync(Address from, Address to, byte[] data, BigInteger? value = null)
        {
            Sent++;
            var ok = await market.SendAsync(from, to, data, value);
            if (ok)
            {
                Succeeded++;
            }
            return ok;
        }

        private static BigInteger Ether(int amount) => new BigInteger(amount) * BigInteger.Pow(10, 18);
    }
}
