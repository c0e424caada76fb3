using System.Text.Json;
using OnchainMarket.Devnet;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Tests.Support;

/// <summary>A private anvil node plus the calls the tests drive it with (unlocked dev accounts, mining control, reorgs).</summary>
public sealed class TestChain : IAsyncDisposable
{
    /// <summary>anvil's first dev account (unlocked: eth_sendTransaction needs no signature).</summary>
    public static readonly Address Sender = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    private TestChain(LocalAnvil node)
    {
        Node = node;
        Rpc = new JsonRpcClient(node.RpcUrl, new RpcClientOptions { MaxRetries = 1 });
    }

    public LocalAnvil Node { get; }

    public JsonRpcClient Rpc { get; }

    public static async Task<TestChain> StartAsync(AnvilOptions? options = null) => new(await LocalAnvil.StartAsync(options));

    /// <summary>Deploys the log emitter and returns its address.</summary>
    public async Task<Address> DeployEmitterAsync()
    {
        var hash = await Rpc.SendAsync<Hash32>("eth_sendTransaction", [new Dictionary<string, object> { ["from"] = Sender.ToLowerHex(), ["data"] = HexConvert.ToHex(LogEmitter.CreationCode), ["gas"] = "0x100000" }]);
        await MineAsync();
        var receipt = await ReceiptAsync(hash) ?? throw new InvalidOperationException("the emitter deployment was not mined");
        return receipt.TryGetProperty("contractAddress", out var created) && created.GetString() is { } address
            ? Address.Parse(address)
            : throw new InvalidOperationException("the emitter deployment created no contract");
    }

    /// <summary>Queues a transaction that makes <paramref name="emitter"/> log the given topics and data.</summary>
    public Task<Hash32> EmitAsync(Address emitter, IReadOnlyList<Hash32> topics, byte[] data) =>
        Rpc.SendAsync<Hash32>("eth_sendTransaction",
        [
            new Dictionary<string, object>
            {
                ["from"] = Sender.ToLowerHex(),
                ["to"] = emitter.ToLowerHex(),
                ["data"] = HexConvert.ToHex(LogEmitter.Calldata(topics, data)),
                ["gas"] = "0x200000",
            },
        ]);

    /// <summary>The node's receipt as JSON; null while the transaction is not mined. Raw: the tests read one or two fields.</summary>
    public async Task<JsonElement?> ReceiptAsync(Hash32 transaction)
    {
        var receipt = await Rpc.SendRawAsync("eth_getTransactionReceipt", [transaction.ToString()]);
        return receipt.ValueKind == JsonValueKind.Object ? receipt : null;
    }

    /// <summary>eth_call; a revert is the node's error (an <see cref="RpcException"/>).</summary>
    public async Task<byte[]> CallAsync(Address? from, Address to, byte[] data, BlockTag block)
    {
        var call = new Dictionary<string, string> { ["to"] = to.ToLowerHex(), ["data"] = HexConvert.ToHex(data) };
        if (from is { } sender)
        {
            call["from"] = sender.ToLowerHex();
        }
        return HexConvert.FromHex((await Rpc.SendRawAsync("eth_call", [call, block.ToRpc()])).GetString() ?? "0x");
    }

    public Task SetAutomineAsync(bool enabled) => Rpc.SendRawAsync("evm_setAutomine", [enabled]);

    /// <summary>Mines one block with whatever is pending.</summary>
    public Task MineAsync() => Rpc.SendRawAsync("evm_mine", []);

    /// <summary>Drops the last <paramref name="depth"/> blocks (their transactions are gone too).</summary>
    public Task RollbackAsync(int depth) => Rpc.SendRawAsync("anvil_rollback", [depth]);

    public Task<long> HeadAsync() => Rpc.GetBlockNumberAsync();

    public async Task<string> SnapshotAsync() => (await Rpc.SendRawAsync("evm_snapshot", [])).GetString()!;

    public async Task RevertAsync(string snapshot)
    {
        var result = await Rpc.SendRawAsync("evm_revert", [snapshot]);
        if (result.ValueKind != JsonValueKind.True)
        {
            throw new InvalidOperationException($"evm_revert({snapshot}) failed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Rpc.Dispose();
        await Node.DisposeAsync();
    }
}
