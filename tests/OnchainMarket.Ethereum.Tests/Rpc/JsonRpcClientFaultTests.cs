using System.Diagnostics;
using System.Numerics;
using OnchainMarket.Ethereum.Tests.Support;
using Xunit;

namespace OnchainMarket.Ethereum.Tests.Rpc;

/// <summary>The JSON-RPC client against a server that misbehaves on purpose.</summary>
public sealed class JsonRpcClientFaultTests
{
    private static readonly RpcClientOptions Fast = new()
    {
        RequestTimeout = TimeSpan.FromMilliseconds(400),
        MaxRetries = 2,
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task A_hanging_node_gives_RpcTimeoutException_after_the_retries_and_never_hangs()
    {
        await using var server = new FaultyRpcServer((_, _) => new Fault.Hang());
        using var client = new JsonRpcClient(server.Url, Fast);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcTimeoutException>(() => client.GetBlockNumberAsync());

        Assert.Equal(3, error.Attempts);
        Assert.Equal("eth_blockNumber", error.Method);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Http_429_with_Retry_After_is_retried_and_then_succeeds()
    {
        await using var server = new FaultyRpcServer((i, body) => i < 2
            ? new Fault.Respond(429, "{}", "Retry-After: 0\r\n")
            : new Fault.Respond(200, FaultyRpcServer.Result(body, "\"0x2a\"")));
        using var client = new JsonRpcClient(server.Url, Fast);

        Assert.Equal(42, await client.GetBlockNumberAsync());
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task Persistent_http_503_ends_in_RpcTransportException_with_the_status()
    {
        await using var server = new FaultyRpcServer((_, _) => new Fault.Respond(503, "busy"));
        using var client = new JsonRpcClient(server.Url, Fast);

        var error = await Assert.ThrowsAsync<RpcTransportException>(() => client.GetChainIdAsync());

        Assert.Equal(503, error.HttpStatus);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_and_the_next_answer_is_used()
    {
        await using var server = new FaultyRpcServer((i, body) => i == 0
            ? new Fault.Drop()
            : new Fault.Respond(200, FaultyRpcServer.Result(body, "\"0x7a69\"")));
        using var client = new JsonRpcClient(server.Url, Fast);

        Assert.Equal(31337, await client.GetChainIdAsync());
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task Connections_that_always_drop_end_in_RpcTransportException()
    {
        await using var server = new FaultyRpcServer((_, _) => new Fault.Drop());
        using var client = new JsonRpcClient(server.Url, Fast);

        var error = await Assert.ThrowsAsync<RpcTransportException>(() => client.GetChainIdAsync());
        Assert.Equal(3, error.Attempts);
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"resu")]
    [InlineData("<html>bad gateway</html>")]
    public async Task Malformed_json_gives_RpcProtocolException_without_retrying(string body)
    {
        await using var server = new FaultyRpcServer((_, _) => new Fault.Respond(200, body));
        using var client = new JsonRpcClient(server.Url, Fast);

        var error = await Assert.ThrowsAsync<RpcProtocolException>(() => client.GetBlockNumberAsync());

        Assert.Contains("not JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_result_of_the_wrong_shape_gives_RpcProtocolException_naming_the_field()
    {
        await using var server = new FaultyRpcServer((_, body) => new Fault.Respond(200, FaultyRpcServer.Result(body, "{\"number\":\"0x1\"}")));
        using var client = new JsonRpcClient(server.Url, Fast);

        var error = await Assert.ThrowsAsync<RpcProtocolException>(() => client.GetBlockByNumberAsync(BlockTag.Latest));
        Assert.Contains("'hash'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_error_from_a_plain_method_is_an_RpcException_with_code_and_message()
    {
        await using var server = new FaultyRpcServer((_, body) => new Fault.Respond(200,
            $"{{\"jsonrpc\":\"2.0\",\"id\":{System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetRawText()},\"error\":{{\"code\":-32602,\"message\":\"invalid params\"}}}}"));
        using var client = new JsonRpcClient(server.Url, Fast);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetBlockNumberAsync());
        Assert.Equal(-32602, error.Code);
        Assert.Equal("invalid params", error.NodeMessage);
    }

    [Fact]
    public async Task A_batch_returns_results_in_request_order_even_when_the_node_reorders_them()
    {
        await using var server = new FaultyRpcServer((_, body) =>
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            var answers = document.RootElement.EnumerateArray().Reverse().Select(r =>
            {
                var id = r.GetProperty("id").GetInt64();
                return r.GetProperty("method").GetString() == "eth_fail"
                    ? $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{{\"code\":-32601,\"message\":\"no such method\"}}}}"
                    : $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":\"0x{id:x}\"}}";
            });
            return new Fault.Respond(200, "[" + string.Join(",", answers) + "]");
        });
        using var client = new JsonRpcClient(server.Url, Fast);

        var results = await client.BatchAsync([new RpcRequest("eth_a", []), new RpcRequest("eth_fail", []), new RpcRequest("eth_b", [])]);

        var first = results[0].Get<BigInteger>();
        Assert.Equal(first + 2, results[2].Get<BigInteger>());
        Assert.Equal(-32601, Assert.Throws<RpcException>(() => results[1].Get<BigInteger>()).Code);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_reported_as_a_timeout()
    {
        await using var server = new FaultyRpcServer((_, _) => new Fault.Hang());
        using var client = new JsonRpcClient(server.Url, Fast with { RequestTimeout = TimeSpan.FromSeconds(30) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetBlockNumberAsync(cts.Token));
    }

    [Fact]
    public async Task A_per_call_timeout_overrides_the_client_default_on_the_same_connection()
    {
        await using var server = new FaultyRpcServer((_, _) => new Fault.Hang());
        using var client = new JsonRpcClient(server.Url, Fast with { RequestTimeout = TimeSpan.FromSeconds(30) });
        using var quick = client.WithOptions(Fast with { RequestTimeout = TimeSpan.FromMilliseconds(150), MaxRetries = 0 });
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcTimeoutException>(() => quick.GetBlockNumberAsync());

        Assert.Equal(1, error.Attempts);
        Assert.Equal(TimeSpan.FromMilliseconds(150), error.Timeout);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }
}
