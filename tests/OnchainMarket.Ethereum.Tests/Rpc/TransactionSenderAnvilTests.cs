using System.Numerics;
using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.Ethereum.Tests.Rpc;

/// <summary>The RPC client and the transaction sender against a real anvil node.</summary>
[Collection("anvil")]
public sealed class TransactionSenderAnvilTests(AnvilFixture anvil)
{
    private static readonly AbiError Boom = AbiError.Parse("Boom(uint256)");

    /// <summary>
    /// Hand-assembled contract: empty calldata succeeds; any other calldata reverts with Boom(42).
    /// Runtime: CALLDATASIZE PUSH1 5 JUMPI STOP JUMPDEST PUSH32 selector PUSH1 0 MSTORE PUSH1 42 PUSH1 4 MSTORE PUSH1 0x24 PUSH1 0 REVERT.
    /// </summary>
    private static readonly byte[] Runtime = [0x36, 0x60, 0x05, 0x57, 0x00, 0x5b, 0x7f, .. Boom.Selector, .. new byte[28], 0x60, 0x00, 0x52, 0x60, 0x2a, 0x60, 0x04, 0x52, 0x60, 0x24, 0x60, 0x00, 0xfd];

    private static byte[] InitCode() =>
        // PUSH1 len PUSH1 12 PUSH1 0 CODECOPY PUSH1 len PUSH1 0 RETURN, then the runtime.
        [0x60, (byte)Runtime.Length, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, (byte)Runtime.Length, 0x60, 0x00, 0xf3, .. Runtime];

    private (JsonRpcClient Rpc, TransactionSender Sender) Connect(int keyIndex, RevertErrorRegistry? registry = null)
    {
        var rpc = new JsonRpcClient(anvil.RpcUrl) { Errors = registry ?? new RevertErrorRegistry() };
        var sender = new TransactionSender(rpc, EthereumKey.FromHex(AnvilFixture.DevPrivateKeys[keyIndex]), anvil.ChainId,
            new TransactionSenderOptions { ReceiptTimeout = TimeSpan.FromSeconds(20), ReceiptPollInterval = TimeSpan.FromMilliseconds(20) });
        return (rpc, sender);
    }

    private static Address RandomAddress(Random random)
    {
        var bytes = new byte[20];
        random.NextBytes(bytes);
        return new Address(bytes);
    }

    [Fact]
    public async Task Concurrent_sends_from_one_key_get_consecutive_nonces_and_all_land()
    {
        var (rpc, sender) = Connect(1);
        using var _ = rpc;
        var start = await rpc.GetTransactionCountAsync(sender.Address);
        var random = new Random(42);
        var recipients = Enumerable.Range(0, 12).Select(_ => RandomAddress(random)).ToArray();

        var receipts = await Task.WhenAll(recipients.Select(to => sender.SendAndWaitAsync(new TransactionRequest { To = to, Value = 1000 })));

        Assert.All(receipts, r => Assert.True(r.Succeeded));
        Assert.Equal(start + 12, await rpc.GetTransactionCountAsync(sender.Address));
        foreach (var to in recipients)
        {
            Assert.Equal(new BigInteger(1000), await rpc.GetBalanceAsync(to));
        }
    }

    [Fact]
    public async Task A_nonce_used_by_another_sender_of_the_same_key_is_resynchronised()
    {
        var (rpc, first) = Connect(2);
        using var _ = rpc;
        var (otherRpc, second) = Connect(2);
        using var __ = otherRpc;
        var to = RandomAddress(new Random(7));

        await first.SendAndWaitAsync(new TransactionRequest { To = to, Value = 1 });
        await second.SendAndWaitAsync(new TransactionRequest { To = to, Value = 1 });
        var receipt = await first.SendAndWaitAsync(new TransactionRequest { To = to, Value = 1 });

        Assert.True(receipt.Succeeded);
        Assert.Equal(new BigInteger(3), await rpc.GetBalanceAsync(to));
    }

    [Fact]
    public async Task Deployment_returns_the_contract_address_and_its_code_is_on_chain()
    {
        var (rpc, sender) = Connect(3);
        using var _ = rpc;

        var receipt = await sender.SendAndWaitAsync(new TransactionRequest { Data = InitCode() });

        Assert.NotNull(receipt.ContractAddress);
        Assert.Equal(Runtime, await rpc.GetCodeAsync(receipt.ContractAddress.Value));
        var block = await rpc.GetBlockByNumberAsync(receipt.BlockNumber);
        Assert.Equal(receipt.BlockHash, block!.Hash);
        Assert.Equal(block, await rpc.GetBlockByHashAsync(block.Hash));
        Assert.NotNull(block.BaseFeePerGas);
        Assert.True(receipt.EffectiveGasPrice > 0);
    }

    [Fact]
    public async Task A_revert_in_gas_estimation_is_a_typed_exception_with_decoded_arguments()
    {
        var registry = new RevertErrorRegistry();
        registry.Register(Boom);
        var (rpc, sender) = Connect(4, registry);
        using var _ = rpc;
        var contract = (await sender.SendAndWaitAsync(new TransactionRequest { Data = InitCode() })).ContractAddress!.Value;

        var error = await Assert.ThrowsAsync<ContractRevertException>(() => sender.SendAndWaitAsync(new TransactionRequest { To = contract, Data = [1] }));

        Assert.Equal("Boom", error.ErrorName);
        Assert.Equal(new BigInteger(42), error.Arguments[0]);
        Assert.Null(error.TransactionHash);
    }

    [Fact]
    public async Task A_mined_transaction_that_reverted_is_replayed_to_explain_it()
    {
        var registry = new RevertErrorRegistry();
        registry.Register(Boom);
        var (rpc, sender) = Connect(5, registry);
        using var _ = rpc;
        var contract = (await sender.SendAndWaitAsync(new TransactionRequest { Data = InitCode() })).ContractAddress!.Value;

        // A fixed gas limit skips estimation, so the revert happens on chain.
        var error = await Assert.ThrowsAsync<ContractRevertException>(() =>
            sender.SendAndWaitAsync(new TransactionRequest { To = contract, Data = [1, 2], GasLimit = 100_000 }));

        Assert.Equal("Boom", error.ErrorName);
        Assert.NotNull(error.TransactionHash);
        var receipt = await rpc.GetTransactionReceiptAsync(error.TransactionHash.Value);
        Assert.False(receipt!.Succeeded);
    }

    [Fact]
    public async Task Fee_history_logs_and_chain_id_come_back_typed()
    {
        var (rpc, sender) = Connect(6);
        using var _ = rpc;
        await sender.SendAndWaitAsync(new TransactionRequest { To = sender.Address, Value = 1 });

        Assert.Equal(anvil.ChainId, await rpc.GetChainIdAsync());
        var head = await rpc.GetBlockNumberAsync();
        var history = await rpc.GetFeeHistoryAsync(2, BlockTag.Latest, [50]);
        Assert.Equal(3, history.BaseFeePerGas.Count);
        Assert.Equal(2, history.Reward.Count);
        Assert.Empty(await rpc.GetLogsAsync(new LogFilter { FromBlock = head, ToBlock = head, Addresses = [sender.Address] }));
        var sum = await rpc.SendAsync<BigInteger>("eth_getBalance", [sender.Address, "latest"]);
        Assert.True(sum > 0);
    }
}
