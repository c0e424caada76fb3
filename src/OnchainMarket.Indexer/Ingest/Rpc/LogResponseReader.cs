using System.Buffers;
using System.Text;
using System.Text.Json;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Ingest.Rpc;

/// <summary>
/// Reads an eth_getLogs answer from the HTTP stream as it arrives: a <see cref="Utf8JsonReader"/> over a window
/// that is refilled from the stream, one log object at a time, so the answer is never held whole (a dense range
/// is a hundred megabytes of JSON). Stops with <see cref="LogLimitExceededException"/> as soon as the answer
/// passes the caller's limits, before the rest of it is read.
/// </summary>
internal sealed class LogResponseReader
{
    private const string Method = "eth_getLogs";
    private const int InitialWindow = 64 * 1024;

    private readonly long _expectedId;
    private readonly LogLimits _limits;
    private readonly List<Log> _logs = [];
    private byte[] _window = ArrayPool<byte>.Shared.Rent(InitialWindow);
    private int _start;
    private int _end;
    private long _bytes;
    private JsonReaderState _state;
    private Phase _phase;
    private bool _sawResult;

    private LogResponseReader(long expectedId, LogLimits limits)
    {
        _expectedId = expectedId;
        _limits = limits;
    }

    private enum Phase
    {
        Start,
        Envelope,
        Result,
        Done,
    }

    /// <summary>Reads a whole answer; node errors come back as <see cref="RpcException"/>, malformed JSON as <see cref="RpcProtocolException"/>.</summary>
    public static async Task<LogAnswer> ReadAsync(Stream stream, long expectedId, LogLimits limits, CancellationToken cancellationToken)
    {
        var reader = new LogResponseReader(expectedId, limits);
        try
        {
            return await reader.RunAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(reader._window);
        }
    }

    private async Task<LogAnswer> RunAsync(Stream stream, CancellationToken cancellationToken)
    {
        var final = false;
        while (true)
        {
            MakeRoom();
            var read = await stream.ReadAsync(_window.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            final = read == 0;
            _end += read;
            _bytes += read;
            if (_bytes > _limits.MaxBytes)
            {
                throw new LogLimitExceededException(_logs.Count, _bytes);
            }
            if (Parse(final))
            {
                return new LogAnswer(_logs, _bytes);
            }
            if (final)
            {
                throw new RpcProtocolException(Method, $"the answer ends after {_bytes} bytes, in the middle of the JSON.");
            }
        }
    }

    /// <summary>Keeps the unread bytes at the window's start; doubles the window when one value fills it.</summary>
    private void MakeRoom()
    {
        if (_end < _window.Length)
        {
            return;
        }
        if (_start > 0)
        {
            _window.AsSpan(_start, _end - _start).CopyTo(_window);
            _end -= _start;
            _start = 0;
            return;
        }
        var larger = ArrayPool<byte>.Shared.Rent(_window.Length * 2);
        _window.AsSpan(0, _end).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_window);
        _window = larger;
    }

    /// <summary>Consumes every complete value in the window; true once the envelope is closed.</summary>
    private bool Parse(bool final)
    {
        var reader = new Utf8JsonReader(_window.AsSpan(_start, _end - _start), final, _state);
        long consumed = 0;
        var state = _state;
        try
        {
            while (_phase != Phase.Done && TryValue(ref reader))
            {
                consumed = reader.BytesConsumed;
                state = reader.CurrentState;
            }
        }
        catch (JsonException e)
        {
            throw new RpcProtocolException(Method, $"the answer is not valid JSON: {e.Message}", e);
        }
        _start += (int)consumed;
        _state = state;
        return _phase == Phase.Done;
    }

    /// <summary>Reads one whole value of the current phase; false (and nothing consumed) when the window ends inside it.</summary>
    private bool TryValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }
        switch (_phase)
        {
            case Phase.Start:
                Expect(reader.TokenType == JsonTokenType.StartObject, "expected a response object");
                _phase = Phase.Envelope;
                return true;
            case Phase.Envelope:
                return TryEnvelopeMember(ref reader);
            default:
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    _phase = Phase.Envelope;
                    return true;
                }
                Expect(reader.TokenType == JsonTokenType.StartObject, "expected a log object in 'result'");
                if (!TryLog(ref reader, out var log))
                {
                    return false;
                }
                _logs.Add(log);
                if (_logs.Count > _limits.MaxLogs)
                {
                    throw new LogLimitExceededException(_logs.Count, _bytes);
                }
                return true;
        }
    }

    private bool TryEnvelopeMember(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            Expect(_sawResult, "the response has neither 'result' nor 'error'");
            _phase = Phase.Done;
            return true;
        }
        if (reader.ValueTextEquals("error"u8))
        {
            if (!JsonDocument.TryParseValue(ref reader, out var document))
            {
                return false;
            }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Null)
                {
                    throw NodeError(document.RootElement);
                }
            }
            return true;
        }
        if (reader.ValueTextEquals("result"u8))
        {
            if (!reader.Read())
            {
                return false;
            }
            Expect(reader.TokenType == JsonTokenType.StartArray, $"expected an array in 'result', got {reader.TokenType}");
            _sawResult = true;
            _phase = Phase.Result;
            return true;
        }
        if (reader.ValueTextEquals("id"u8))
        {
            if (!reader.Read())
            {
                return false;
            }
            Expect(reader.TokenType != JsonTokenType.Number || (reader.TryGetInt64(out var id) && id == _expectedId),
                $"the response id does not match request id {_expectedId}");
            return true;
        }
        return reader.TrySkip();
    }

    private static RpcException NodeError(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object || !error.TryGetProperty("code", out var code) || !code.TryGetInt32(out var value))
        {
            throw new RpcProtocolException(Method, "error object lacks an integer 'code'.");
        }
        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
        JsonElement? data = error.TryGetProperty("data", out var d) && d.ValueKind != JsonValueKind.Null ? d.Clone() : null;
        return new RpcException(Method, value, message, data);
    }

    private static bool TryLog(ref Utf8JsonReader reader, out Log log)
    {
        log = null!;
        Address address = default;
        List<Hash32> topics = [];
        byte[] data = [];
        long? blockNumber = null;
        Hash32? blockHash = null;
        Hash32 transactionHash = default;
        long transactionIndex = 0;
        long logIndex = -1;
        var removed = false;
        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }
            if (reader.ValueTextEquals("topics"u8))
            {
                if (!TryTopics(ref reader, topics))
                {
                    return false;
                }
                continue;
            }
            if (reader.ValueTextEquals("address"u8))
            {
                if (!reader.Read())
                {
                    return false;
                }
                address = new Address(Bytes(ref reader, "address", 20));
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                if (!reader.Read())
                {
                    return false;
                }
                data = Bytes(ref reader, "data", -1);
            }
            else if (reader.ValueTextEquals("blockNumber"u8))
            {
                if (!reader.Read())
                {
                    return false;
                }
                blockNumber = Quantity(ref reader, "blockNumber");
            }
            else if (reader.ValueTextEquals("blockHash"u8))
            {
                if (!reader.Read())
                {
                    return false;
                }
                blockHash = reader.TokenType == JsonTokenType.Null ? null : new Hash32(Bytes(ref reader, "blockHash", 32));
            }
            else if (reader.ValueTextEquals("transactionHash"u8))
            {
                if (!reader.Read())
                {
                    return false;
                }
                transactionHash = new Hash32(Bytes(ref reader, "transactionHash", 32));
            }
            else if (reader.ValueTextEquals("transactionIndex"u8))
            {
                if (!reader.Read())
                {
                    return false;
                }
                transactionIndex = Quantity(ref reader, "transactionIndex") ?? 0;
            }
            else if (reader.ValueTextEquals("logIndex"u8))
            {
                if (!reader.Read())
                {
                    return false;
                }
                logIndex = Quantity(ref reader, "logIndex") ?? -1;
            }
            else if (reader.ValueTextEquals("removed"u8))
            {
                if (!reader.Read())
                {
                    return false;
                }
                removed = reader.TokenType == JsonTokenType.True;
            }
            else if (!reader.TrySkip())
            {
                return false;
            }
        }
        // A pending log has no block: eth_getLogs over mined ranges never returns one, so its presence is an error.
        Expect(blockNumber is not null && blockHash is not null && logIndex >= 0, "a log lacks its block number, block hash or log index");
        Expect(transactionIndex <= int.MaxValue && logIndex <= int.MaxValue, "a log's index does not fit 32 bits");
        log = new Log(address, topics, data, blockNumber!.Value, blockHash!.Value, transactionHash, (int)transactionIndex, (int)logIndex, removed);
        return true;
    }

    private static bool TryTopics(ref Utf8JsonReader reader, List<Hash32> topics)
    {
        if (!reader.Read())
        {
            return false;
        }
        Expect(reader.TokenType == JsonTokenType.StartArray, "a log's 'topics' is not an array");
        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return true;
            }
            topics.Add(new Hash32(Bytes(ref reader, "topic", 32)));
        }
    }

    /// <summary>A hex string value; <paramref name="length"/> -1 takes any length.</summary>
    private static byte[] Bytes(ref Utf8JsonReader reader, string field, int length)
    {
        Expect(reader.TokenType == JsonTokenType.String, $"a log's '{field}' is not a string");
        var text = Text(ref reader);
        var size = HexUtf8.DecodedLength(text);
        Expect(size >= 0 && (length < 0 || size == length), $"a log's '{field}' is not {(length < 0 ? "" : $"{length} bytes of ")}0x-hex");
        var bytes = new byte[size];
        Expect(HexUtf8.TryDecode(text, bytes, out _), $"a log's '{field}' is not 0x-hex");
        return bytes;
    }

    private static long? Quantity(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        long value = 0;
        Expect(reader.TokenType == JsonTokenType.String && HexUtf8.TryQuantity(Text(ref reader), out value), $"a log's '{field}' is not a quantity");
        return value;
    }

    private static ReadOnlySpan<byte> Text(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new RpcProtocolException(Method, problem + ".");
        }
    }
}
