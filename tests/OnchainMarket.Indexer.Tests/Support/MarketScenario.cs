using System.Numerics;
using OnchainMarket.Ethereum;
using Xunit;

namespace OnchainMarket.Indexer.Tests.Support;

/// <summary>Random market traffic: requests of every mechanism, bids, locks, asks, cancels, expiries, slashes, deposits, withdrawals, time passing.</summary>
public sealed class MarketScenario(MarketDeployment market, Random random, Address[] accounts)
{
    /// <summary>anvil's unlocked dev accounts: 0 keeper, 1–3 operators, 4 requester.</summary>
    public static async Task<MarketScenario> CreateAsync(MarketDeployment market, Random random)
    {
        var accounts = await market.Chain.Rpc.SendAsync<string[]>("eth_accounts", []);
        return new MarketScenario(market, random, accounts.Select(a => Address.Parse(a.ToLowerInvariant())).ToArray());
    }

    public Address Keeper => accounts[0];

    public Address Requester => accounts[4];

    public Address[] Operators => accounts[1..4];

    private readonly List<(BigInteger Id, Address Prover, BigInteger Price, byte[] Salt)> _bids = [];
    private readonly List<BigInteger> _withdrawals = [];
    private BigInteger? _newestSealedBidRequest;
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
                    // The newest sealed-bid request: a random id is mostly of another mechanism or past its commit window.
                    var id = _newestSealedBidRequest ?? SomeRequest();
                    var price = new BigInteger(random.Next(1, 1000)) * 1_000_000_000_000;
                    var salt = new byte[32];
                    random.NextBytes(salt);
                    var commitment = Keccak256.Hash(AbiCodec.Encode([AbiType.UInt256, AbiType.AddressType, AbiType.UInt256, AbiType.Parse("bytes32")], [id, op, price, salt]));
                    if (await SendAsync(op, market.Market, abi.Function("commitBid").EncodeCall(id, commitment.ToArray()), await BidBondAsync(id)))
                    {
                        _bids.Add((id, op, price, salt));
                    }
                    break;
                }
            case 4 when _bids.Count > 0:
                {
                    // The newest bid, revealed once; the clock moves into its reveal window if the commit window is
                    // still running (random time steps alone rarely land in a 60 s window).
                    var bid = _bids[^1];
                    _bids.RemoveAt(_bids.Count - 1);
                    var request = await market.CallAsync(abi, market.Market, "getRequest", await market.Chain.HeadAsync(), bid.Id);
                    var (revealFrom, revealUntil) = ((long)(BigInteger)request["timeA"]!, (long)(BigInteger)request["timeB"]!);
                    if (await NowAsync() <= revealFrom && revealFrom < revealUntil)
                    {
                        await SetClockAsync(revealFrom + 1);
                    }
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
            await market.Chain.CallAsync(from, market.Market, data, BlockTag.Latest);
            return "the call succeeds";
        }
        catch (RpcClientException e)
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
            if (mechanism == 0)
            {
                _newestSealedBidRequest = _requests;
            }
        }
    }

    /// <summary>
    /// The exact bond a commit must pay (the market refuses any other value): maxPrice × the request's
    /// snapshotted bidBondBps / 10 000, as <c>Request.bidBond</c> computes it.
    /// </summary>
    private async Task<BigInteger> BidBondAsync(BigInteger id)
    {
        var abi = MarketDeployment.MarketAbi;
        var head = await market.Chain.HeadAsync();
        var request = await market.CallAsync(abi, market.Market, "getRequest", head, id);
        var parameters = await market.CallAsync(abi, market.Market, "paramsAt", head, request["paramsVersion"]);
        return (BigInteger)request["maxPrice"]! * (BigInteger)parameters["bidBondBps"]! / 10_000;
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
