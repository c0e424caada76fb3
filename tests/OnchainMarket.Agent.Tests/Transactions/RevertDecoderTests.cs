using System.Numerics;
using Nethereum.ABI;
using Nethereum.JsonRpc.Client;
using Newtonsoft.Json.Linq;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Ethereum;
using Xunit;

namespace OnchainMarket.Agent.Tests.Transactions;

public sealed class RevertDecoderTests
{
    [Fact]
    public void A_panic_decodes_with_its_meaning()
    {
        var revert = RevertDecoder.ToException(Encode("Panic(uint256)", new ABIValue("uint256", 0x11)));

        Assert.Equal("Panic", revert.ErrorName);
        Assert.Equal([new BigInteger(0x11)], revert.Arguments);
        Assert.Contains("Panic(0x11: arithmetic overflow or underflow)", revert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_require_message_decodes_as_Error_with_its_text()
    {
        var revert = RevertDecoder.ToException(Encode("Error(string)", new ABIValue("string", "not enough stake")));

        Assert.Equal("Error(\"not enough stake\")", revert.Description);
    }

    [Fact]
    public void A_selector_no_contract_declares_keeps_the_raw_data()
    {
        var data = Encode("NoSuchError(uint256)", new ABIValue("uint256", 1));

        var revert = RevertDecoder.ToException(data);

        Assert.Null(revert.ErrorName);
        Assert.Empty(revert.Arguments);
        Assert.Equal(data, revert.RevertData);
        Assert.Contains("unknown data 0x", revert.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Revert_data_is_read_from_a_node_error_whether_or_not_the_node_nests_it(bool nested)
    {
        var data = Encode("Error(string)", new ABIValue("string", "no"));
        var hex = HexConvert.ToHex(data);
        var error = new RpcResponseException(new RpcError(3, "execution reverted: no", nested ? new JObject { ["data"] = hex } : new JValue(hex)));

        Assert.Equal(data, NodeErrors.RevertData(error));
        Assert.Equal("Error", RevertDecoder.FromNethereum(error)?.ErrorName);
        Assert.False(NodeErrors.IsTransient(error));
    }

    [Fact]
    public void A_node_error_without_revert_data_is_transient_and_no_revert()
    {
        var error = new RpcResponseException(new RpcError(-32000, "header not found"));

        Assert.Null(RevertDecoder.FromNethereum(error));
        Assert.True(NodeErrors.IsTransient(error));
        Assert.True(NodeErrors.Says(error, "HEADER not found"));
    }

    private static byte[] Encode(string signature, params ABIValue[] arguments) =>
        [.. Keccak256.Hash(signature).ToArray()[..4], .. new ABIEncode().GetABIEncoded(arguments)];
}
