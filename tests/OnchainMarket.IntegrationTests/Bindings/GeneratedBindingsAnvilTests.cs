using System.Numerics;
using OnchainMarket.Ethereum;
using OnchainMarket.TestSupport;
using Xunit;

namespace OnchainMarket.IntegrationTests.Bindings;

/// <summary>
/// The generated bindings of contracts/test/utils/BindingsProbe.sol against a real anvil: deploy, transactions,
/// views, events and custom errors as typed exceptions.
/// </summary>
[Collection("bindings-anvil")]
public sealed class GeneratedBindingsAnvilTests(AnvilFixture anvil)
{
    private static readonly TransactionSenderOptions Fast = new() { ReceiptTimeout = TimeSpan.FromSeconds(20), ReceiptPollInterval = TimeSpan.FromMilliseconds(20) };

    private async Task<(JsonRpcClient Rpc, TransactionSender Owner, BindingsProbeContract Probe)> DeployAsync(int keyIndex)
    {
        var rpc = new JsonRpcClient(anvil.RpcUrl);
        var owner = new TransactionSender(rpc, EthereumKey.FromHex(AnvilFixture.DevPrivateKeys[keyIndex]), anvil.ChainId, Fast);
        var probe = await BindingsProbeContract.DeployAsync(owner, limit: 100, greeting: "hello");
        return (rpc, owner, probe);
    }

    private static BindingsProbeShape Triangle() => new(
        "triangle",
        [new BindingsProbePoint(-1, 2), new BindingsProbePoint(5, -7), new BindingsProbePoint(0, 1)],
        Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public async Task Deployment_passes_constructor_arguments_and_views_read_them_back()
    {
        var (rpc, _, probe) = await DeployAsync(1);
        using var _ = rpc;

        var state = await probe.StateAsync();

        Assert.Equal(new BigInteger(5), state.Counter);
        Assert.Equal(new BigInteger(100), state.Limit);
        Assert.NotEmpty(await rpc.GetCodeAsync(probe.Address));
    }

    [Fact]
    public async Task Transactions_change_state_and_their_events_decode_from_the_receipt()
    {
        var (rpc, _, probe) = await DeployAsync(2);
        using var _ = rpc;

        var receipt = await probe.SetAsync(42);
        await probe.AddAsync(3);
        var overload = await probe.Add2Async(2, 4);

        var changed = Assert.Single(probe.DecodeCounterChangedEvents(receipt));
        Assert.Equal((new BigInteger(5), new BigInteger(42)), (changed.Previous, changed.Current));
        Assert.Equal(receipt.TransactionHash, changed.SourceLog!.TransactionHash);
        Assert.Equal(new BigInteger(53), Assert.Single(probe.DecodeCounterChangedEvents(overload)).Current);
        Assert.Equal(new BigInteger(53), (await probe.StateAsync()).Counter);
    }

    [Fact]
    public async Task Structs_go_in_and_come_out_as_records_including_through_an_event_with_indexed_string()
    {
        var (rpc, owner, probe) = await DeployAsync(3);
        using var _ = rpc;
        var shape = Triangle();

        Assert.Equal(BigInteger.One, await probe.SimulateStoreAsync(shape));
        var receipt = await probe.StoreAsync(shape, ethValue: 7);
        var stored = await probe.ShapeOfAsync(1);
        var ev = Assert.Single(probe.DecodeShapeStoredEvents(receipt));

        Assert.Equal("triangle", stored.Label);
        Assert.Equal(shape.Points, stored.Points);
        Assert.Equal(shape.Tag, stored.Tag);
        Assert.Equal(BigInteger.One, ev.Id);
        Assert.Equal(Keccak256.Hash("triangle"), ev.Label);
        Assert.Equal(owner.Address, ev.Owner);
        Assert.Equal(shape.Points, ev.Shape.Points);
        Assert.Equal(new BigInteger(7), await rpc.GetBalanceAsync(probe.Address));
        Assert.Equal(new BindingsProbePoint(4, -4), await probe.SumAsync(shape.Points));
    }

    [Fact]
    public async Task Keyword_parameters_and_unnamed_outputs_map_to_a_typed_output_record()
    {
        var (rpc, owner, probe) = await DeployAsync(4);
        using var _ = rpc;

        var output = await probe.KeywordsAsync(@params: 7, @base: true, @lock: owner.Address);

        Assert.Equal(new BindingsProbeContract.KeywordsOutput(7, true, owner.Address, 5), output);
    }

    [Fact]
    public async Task A_custom_error_revert_is_thrown_as_its_generated_exception_type()
    {
        var (rpc, _, probe) = await DeployAsync(5);
        using var _ = rpc;

        var tooLarge = await Assert.ThrowsAsync<ValueTooLargeError>(() => probe.SetAsync(1000));
        Assert.Equal(new BigInteger(1000), tooLarge.Value);
        Assert.Equal(new BigInteger(100), tooLarge.Limit);

        var stranger = new TransactionSender(rpc, EthereumKey.FromHex(AnvilFixture.DevPrivateKeys[6]), anvil.ChainId, Fast);
        var asStranger = new BindingsProbeContract(rpc, probe.Address, stranger);
        var notOwner = await Assert.ThrowsAsync<NotOwnerError>(() => asStranger.StoreAsync(Triangle()));
        Assert.Equal(stranger.Address, notOwner.Caller);
    }

    [Fact]
    public async Task Require_messages_and_panics_decode_in_view_calls()
    {
        var (rpc, _, probe) = await DeployAsync(7);
        using var _ = rpc;

        var failure = await Assert.ThrowsAsync<ContractRevertException>(() => probe.FailAsync());
        Assert.Equal("probe failure", failure.Revert.Reason);
        var panic = await Assert.ThrowsAsync<ContractRevertException>(() => probe.DivideAsync(1, 0));
        Assert.Equal(new BigInteger(0x12), panic.Revert.PanicCode);
        Assert.Equal(new BigInteger(3), await probe.DivideAsync(7, 2));
    }

    [Fact]
    public async Task A_binding_without_a_sender_reads_but_refuses_to_send()
    {
        var (rpc, _, probe) = await DeployAsync(8);
        using var _ = rpc;
        var readOnly = new BindingsProbeContract(rpc, probe.Address);

        Assert.Equal(new BigInteger(100), (await readOnly.StateAsync()).Limit);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => readOnly.SetAsync(1));
        Assert.Contains("TransactionSender", error.Message, StringComparison.Ordinal);
    }
}
