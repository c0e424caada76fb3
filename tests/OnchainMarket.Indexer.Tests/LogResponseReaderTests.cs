using System.Text;
using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Ingest.Rpc;
using Xunit;

namespace OnchainMarket.Indexer.Tests;

/// <summary>The streaming eth_getLogs reader against answers written the way nodes write them, arriving in random pieces.</summary>
public sealed class LogResponseReaderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Logs_read_in_random_pieces_equal_the_logs_written(int seed)
    {
        var random = new Random(seed);
        var logs = Enumerable.Range(0, 300).Select(i => RandomLog(random, i)).ToList();
        var json = Answer(7, logs, random);

        var answer = await LogResponseReader.ReadAsync(new TricklingStream(json, random), 7, LogLimits.None, CancellationToken.None);

        Assert.Equal(json.Length, answer.Bytes);
        Assert.Equal(logs.Count, answer.Logs.Count);
        for (var i = 0; i < logs.Count; i++)
        {
            AssertSame(logs[i], answer.Logs[i]);
        }
    }

    [Fact]
    public async Task An_answer_cut_anywhere_is_a_protocol_error_never_fewer_logs()
    {
        var random = new Random(4);
        var json = Answer(1, Enumerable.Range(0, 20).Select(i => RandomLog(random, i)).ToList(), random);
        foreach (var cut in Enumerable.Range(0, 200).Select(_ => random.Next(json.Length - 1)).Append(0).Append(json.Length - 2))
        {
            await Assert.ThrowsAsync<RpcProtocolException>(() =>
                LogResponseReader.ReadAsync(new TricklingStream(json[..cut], random), 1, LogLimits.None, CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_node_error_comes_back_with_its_code()
    {
        var json = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":3,"error":{"code":-32005,"message":"query returned more than 10000 results"}}""");
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            LogResponseReader.ReadAsync(new MemoryStream(json), 3, LogLimits.None, CancellationToken.None));
        Assert.Equal(-32005, error.Code);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":4,"result":[]}""", "id")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"result":null}""", "array")]
    [InlineData("""{"jsonrpc":"2.0","id":3}""", "neither")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"result":[{"address":"0x12","topics":[],"data":"0x","blockNumber":"0x1","blockHash":"0x00","logIndex":"0x0"}]}""", "address")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"result":[{"data":"0x","topics":[],"blockNumber":null,"blockHash":null,"logIndex":null}]}""", "block number")]
    [InlineData("""[{"jsonrpc":"2.0","id":3,"result":[]}]""", "response object")]
    public async Task A_malformed_answer_is_a_protocol_error_naming_the_problem(string json, string named)
    {
        var error = await Assert.ThrowsAsync<RpcProtocolException>(() =>
            LogResponseReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), 3, LogLimits.None, CancellationToken.None));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_past_its_log_limit_stops_before_the_rest_is_read()
    {
        var random = new Random(5);
        var json = Answer(1, Enumerable.Range(0, 500).Select(i => RandomLog(random, i)).ToList(), random);
        var stream = new TricklingStream(json, random);
        var error = await Assert.ThrowsAsync<LogLimitExceededException>(() =>
            LogResponseReader.ReadAsync(stream, 1, new LogLimits(100, long.MaxValue), CancellationToken.None));
        Assert.Equal(101, error.Logs);
        Assert.True(stream.Position < json.Length / 2, $"read {stream.Position} of {json.Length} bytes");
    }

    [Fact]
    public async Task An_answer_past_its_byte_limit_stops_there()
    {
        var random = new Random(6);
        var json = Answer(1, Enumerable.Range(0, 200).Select(i => RandomLog(random, i)).ToList(), random);
        var error = await Assert.ThrowsAsync<LogLimitExceededException>(() =>
            LogResponseReader.ReadAsync(new TricklingStream(json, random), 1, new LogLimits(int.MaxValue, 10_000), CancellationToken.None));
        Assert.InRange(error.Bytes, 10_001, 10_000 + 64 * 1024);
    }

    private static Log RandomLog(Random random, int index)
    {
        var topics = Enumerable.Range(0, random.Next(5)).Select(_ => new Hash32(Bytes(random, 32))).ToArray();
        // Data now and then longer than the reader's first window, so that the window must grow.
        var data = Bytes(random, random.Next(20) == 0 ? 70_000 + random.Next(1000) : random.Next(300));
        return new Log(new Address(Bytes(random, 20)), topics, data, random.NextInt64(0, long.MaxValue), new Hash32(Bytes(random, 32)),
            new Hash32(Bytes(random, 32)), random.Next(10_000), index, random.Next(10) == 0);
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>An answer as nodes write it: members in any order, extra members, upper-case hex now and then, an escaped string.</summary>
    private static byte[] Answer(long id, IReadOnlyList<Log> logs, Random random)
    {
        var text = new StringBuilder();
        text.Append("{\"jsonrpc\":\"2.0\", \"id\":").Append(id).Append(",\n\"result\": [");
        for (var i = 0; i < logs.Count; i++)
        {
            var log = logs[i];
            var members = new List<string>
            {
                $"\"address\":\"{Hex(log.Address.Span, random)}\"",
                $"\"topics\":[{string.Join(",", log.Topics.Select(t => $"\"{Hex(t.Span, random)}\""))}]",
                $"\"data\":\"{Hex(log.Data, random)}\"",
                $"\"blockNumber\":\"0x{log.BlockNumber:x}\"",
                $"\"blockHash\":\"{Hex(log.BlockHash.Span, random)}\"",
                $"\"blockTimestamp\":\"0x{random.Next():x}\"",
                $"\"transactionHash\":\"{Hex(log.TransactionHash.Span, random)}\"",
                $"\"transactionIndex\":\"0x{log.TransactionIndex:x}\"",
                $"\"logIndex\":\"0x{log.LogIndex:x}\"",
                $"\"removed\":{(log.Removed ? "true" : "false")}",
                "\"extra\":{\"nested\":[1,2,{\"deep\":null}]}",
            };
            var shuffled = members.OrderBy(_ => random.Next()).ToList();
            text.Append(i == 0 ? "" : ",").Append(" {").Append(string.Join(random.Next(2) == 0 ? "," : ", ", shuffled)).Append('}');
        }
        text.Append("]}\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Hex(ReadOnlySpan<byte> bytes, Random random)
    {
        var hex = "0x" + Convert.ToHexStringLower(bytes);
        return random.Next(8) switch
        {
            0 => hex.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal),
            1 => "\\u0030x" + hex[2..], // a JSON escape for the leading '0'
            _ => hex,
        };
    }

    private static void AssertSame(Log expected, Log actual)
    {
        Assert.Equal(expected.Address, actual.Address);
        Assert.Equal(expected.Topics, actual.Topics);
        Assert.Equal(expected.Data, actual.Data);
        Assert.Equal(expected.BlockNumber, actual.BlockNumber);
        Assert.Equal(expected.BlockHash, actual.BlockHash);
        Assert.Equal(expected.TransactionHash, actual.TransactionHash);
        Assert.Equal(expected.TransactionIndex, actual.TransactionIndex);
        Assert.Equal(expected.LogIndex, actual.LogIndex);
        Assert.Equal(expected.Removed, actual.Removed);
    }

    /// <summary>A stream that hands out its bytes a few at a time, as a socket may.</summary>
    private sealed class TricklingStream(byte[] bytes, Random random) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1 + random.Next(random.Next(3) == 0 ? 8 : 9000))], cancellationToken);
    }
}
