using System.Collections.Concurrent;
using System.Net;
using System.Numerics;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using Nethereum.Model;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;
using Newtonsoft.Json.Linq;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Contracts.TestStakeToken.ContractDefinition;
using OnchainMarket.Devnet;
using OnchainMarket.Ethereum;
using Xunit;
using RpcRequest = Nethereum.JsonRpc.Client.RpcRequest;

namespace OnchainMarket.Agent.Tests.Transactions;

/// <summary>
/// <see cref="ChainSender"/> against a real anvil: with automine off the test decides when blocks come, so a
/// transaction can be left stuck, dropped from the pool or overtaken at its nonce, as on a busy network.
/// </summary>
[Collection("devnet")]
public sealed class ChainSenderAnvilTests
{
    private static readonly Address Recipient = Address.Parse("0x000000000000000000000000000000000000dEaD");
    private static readonly TransactionRequest Transfer = new() { To = Recipient, Value = 1 };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_stuck_transaction_is_replaced_at_its_nonce_with_fees_raised_by_at_least_an_eighth()
    {
        await using var anvil = await LocalAnvil.StartAsync();
        var web3 = MarketContracts.ReadOnlyWeb3(anvil.RpcUrl);
        await RpcAsync(web3, "evm_setAutomine", false);
        var sender = new ChainSender(web3, Key, anvil.ChainId, new FeeBumpPolicy { StuckAfter = TimeSpan.FromSeconds(1) }) { PollInterval = TimeSpan.FromMilliseconds(50) };
        var attempts = new ConcurrentQueue<Hash32>();

        var send = sender.SendAsync(Transfer, "transfer", attempts.Enqueue);
        await EventuallyAsync(() => !attempts.IsEmpty, "the first broadcast");
        var first = await web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(attempts.First().ToString());
        await EventuallyAsync(() => attempts.Count >= 2, "a replacement");
        await RpcAsync(web3, "evm_mine");
        var receipt = await send.WaitAsync(Patience);

        Assert.True(receipt.Succeeded());
        Assert.NotEqual(attempts.First().ToString(), receipt.TransactionHash);
        var mined = await web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(receipt.TransactionHash);
        Assert.Equal(first.Nonce.Value, mined.Nonce.Value);
        Assert.True(mined.MaxFeePerGas.Value * 8 >= first.MaxFeePerGas.Value * 9, $"max fee {first.MaxFeePerGas.Value} became {mined.MaxFeePerGas.Value}");
        Assert.True(mined.MaxPriorityFeePerGas.Value * 8 >= first.MaxPriorityFeePerGas.Value * 9, $"tip {first.MaxPriorityFeePerGas.Value} became {mined.MaxPriorityFeePerGas.Value}");
    }

    [Fact]
    public async Task A_transaction_the_node_dropped_is_broadcast_again()
    {
        await using var anvil = await LocalAnvil.StartAsync();
        var web3 = MarketContracts.ReadOnlyWeb3(anvil.RpcUrl);
        await RpcAsync(web3, "evm_setAutomine", false);
        // A ceiling at what the network asks now: no bump is possible, so the sender can only re-send the same bytes.
        var sender = new ChainSender(web3, Key, anvil.ChainId) { PollInterval = TimeSpan.FromMilliseconds(50) };
        var ceiling = await sender.GasPriceAsync();
        sender = new ChainSender(web3, Key, anvil.ChainId, new FeeBumpPolicy { StuckAfter = TimeSpan.FromSeconds(1), MaxFeePerGasCeiling = ceiling })
        {
            PollInterval = TimeSpan.FromMilliseconds(50),
        };
        var attempts = new ConcurrentQueue<Hash32>();

        var send = sender.SendAsync(Transfer, "transfer", attempts.Enqueue);
        await EventuallyAsync(() => !attempts.IsEmpty, "the first broadcast");
        var hash = attempts.First().ToString();
        await RpcAsync(web3, "anvil_dropTransaction", hash);
        Assert.Null(await web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash));
        await EventuallyAsync(async () => await web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash) is not null, "the dropped transaction to be sent again");
        await RpcAsync(web3, "evm_mine");
        var receipt = await send.WaitAsync(Patience);

        Assert.Equal(hash, receipt.TransactionHash);
        Assert.Single(attempts);
    }

    [Fact]
    public async Task A_nonce_taken_by_a_transaction_the_sender_did_not_send_is_reported_as_dropped()
    {
        await using var anvil = await LocalAnvil.StartAsync();
        var web3 = MarketContracts.ReadOnlyWeb3(anvil.RpcUrl);
        await RpcAsync(web3, "evm_setAutomine", false);
        var sender = new ChainSender(web3, Key, anvil.ChainId) { PollInterval = TimeSpan.FromMilliseconds(50) };
        var attempts = new ConcurrentQueue<Hash32>();

        var send = sender.SendAsync(Transfer, "transfer", attempts.Enqueue);
        await EventuallyAsync(() => !attempts.IsEmpty, "the first broadcast");
        var ours = await web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(attempts.First().ToString());
        // Another process with the same key replaces it at its nonce (fees doubled, so the node takes the replacement).
        var stranger = new Transaction1559(anvil.ChainId, ours.Nonce.Value, ours.MaxPriorityFeePerGas.Value * 2, ours.MaxFeePerGas.Value * 2, 21_000,
            Recipient.ToLowerHex(), 2, "0x", new List<AccessListItem>());
        await web3.Eth.Transactions.SendRawTransaction.SendRequestAsync("0x" + new Transaction1559Signer().SignTransaction(Key, stranger));
        await RpcAsync(web3, "evm_mine");

        var error = await Assert.ThrowsAsync<TransactionDroppedException>(() => send.WaitAsync(Patience));
        Assert.Contains($"nonce {ours.Nonce.Value}", error.Message, StringComparison.Ordinal);
        Assert.Equal(attempts, error.Attempts);
    }

    [Fact]
    public async Task A_mined_revert_is_an_error_carrying_the_decoded_custom_error()
    {
        await using var anvil = await LocalAnvil.StartAsync();
        var web3 = MarketContracts.ReadOnlyWeb3(anvil.RpcUrl);
        var sender = new ChainSender(web3, Key, anvil.ChainId);
        var deployment = new TestStakeTokenDeployment { Name = "Stake", Symbol = "STK" };
        var data = HexConvert.FromHex(new Nethereum.Contracts.MessageEncodingServices.DeploymentMessageEncodingService<TestStakeTokenDeployment>().GetDeploymentData(deployment));
        var token = Address.Parse((await sender.SendAsync(new TransactionRequest { Data = data }, "deploy token")).ContractAddress);
        var transfer = new TransferFunction { To = Recipient.ToLowerHex(), Value = 5 }.GetCallData();

        // A fixed gas limit skips the estimate, so the revert is mined and has to be replayed to be explained.
        var mined = await Assert.ThrowsAsync<ContractRevertException>(() => sender.SendAsync(new TransactionRequest { To = token, Data = transfer, GasLimit = 100_000 }, "transfer"));
        // Estimated, the same call fails before anything is signed.
        var nonce = await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(sender.Address.ToLowerHex());
        var estimated = await Assert.ThrowsAsync<ContractRevertException>(() => sender.SendAsync(new TransactionRequest { To = token, Data = transfer }, "transfer"));

        foreach (var revert in new[] { mined, estimated })
        {
            Assert.Equal("ERC20InsufficientBalance", revert.ErrorName);
            Assert.True(RevertDecoder.Is<ERC20InsufficientBalanceError>(revert));
            Assert.Equal([sender.Address.ToLowerHex(), BigInteger.Zero, new BigInteger(5)], revert.Arguments.Select(a => a is string s ? s.ToLowerInvariant() : a));
            Assert.Contains("ERC20InsufficientBalance(", revert.Message, StringComparison.Ordinal);
        }
        Assert.NotNull(mined.TransactionHash);
        Assert.Null(estimated.TransactionHash);
        Assert.Equal(nonce.Value, (await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(sender.Address.ToLowerHex())).Value);
    }

    [Fact]
    public async Task A_provider_answering_every_other_call_with_429_still_sees_the_transaction_through()
    {
        await using var anvil = await LocalAnvil.StartAsync();
        var limiter = new EveryOtherCallRateLimited(new SocketsHttpHandler());
        var web3 = new Web3(new RpcClient(anvil.RpcUrl, new HttpClient(new RpcRetryHandler(limiter, firstDelay: TimeSpan.FromMilliseconds(5)))));
        var sender = new ChainSender(web3, Key, anvil.ChainId) { PollInterval = TimeSpan.FromMilliseconds(50) };

        var receipt = await sender.SendAsync(Transfer, "transfer").WaitAsync(Patience);

        Assert.True(receipt.Succeeded());
        Assert.True(limiter.Refused >= 5, $"only {limiter.Refused} calls were refused");
        Assert.InRange(limiter.Refused, limiter.Forwarded - 1, limiter.Forwarded);
    }

    private static EthECKey Key => SigningKeys.FromHex(LocalAnvil.DevPrivateKeys[4]);

    private static Task<JToken> RpcAsync(IWeb3 web3, string method, params object[] parameters) =>
        web3.Client.SendRequestAsync<JToken>(new RpcRequest(Guid.NewGuid().ToString(), method, parameters));

    private static Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(() => Task.FromResult(condition()), what);

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"no {what} within {Patience.TotalSeconds} s");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>A rate-limited provider: every other request is answered 429 without reaching the node.</summary>
    private sealed class EveryOtherCallRateLimited(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _calls;
        private int _refused;
        private int _forwarded;

        public int Refused => Volatile.Read(ref _refused);

        public int Forwarded => Volatile.Read(ref _forwarded);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) % 2 == 1)
            {
                Interlocked.Increment(ref _refused);
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("rate limited") });
            }
            Interlocked.Increment(ref _forwarded);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
