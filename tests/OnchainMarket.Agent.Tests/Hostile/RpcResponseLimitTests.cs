using OnchainMarket.Ethereum;
using Xunit;

namespace OnchainMarket.Agent.Tests.Hostile;

/// <summary>H10: a node (or whoever answers at the RPC URL) cannot make the client buffer an unbounded reply.</summary>
public sealed class RpcResponseLimitTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_reply_above_the_byte_limit_is_an_error_naming_the_limit(bool announced)
    {
        await using var node = new LoopbackHttpServer(async (_, stream, token) =>
        {
            var head = announced ? "HTTP/1.1 200 OK\r\nContent-Length: 5000000\r\n\r\n" : "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head), token);
            await stream.WriteAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x"u8.ToArray(), token);
            for (var i = 0; i < 500; i++)
            {
                await stream.WriteAsync(new byte[10_000].Select(_ => (byte)'0').ToArray(), token);
            }
        });
        using var rpc = new JsonRpcClient(new Uri(node.BaseUrl), new RpcClientOptions { MaxResponseBytes = 1 << 20, MaxRetries = 0 });

        var e = await Assert.ThrowsAsync<RpcProtocolException>(() => rpc.GetBlockNumberAsync());
        Assert.Contains("above the limit of 1048576", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_within_the_limit_is_read()
    {
        await using var node = new LoopbackHttpServer((_, stream, token) =>
            LoopbackHttpServer.WriteAsync(stream, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x2a\"}"u8.ToArray(), token));
        using var rpc = new JsonRpcClient(new Uri(node.BaseUrl), new RpcClientOptions { MaxResponseBytes = 1 << 20, MaxRetries = 0 });

        Assert.Equal(42, await rpc.GetBlockNumberAsync());
    }
}
