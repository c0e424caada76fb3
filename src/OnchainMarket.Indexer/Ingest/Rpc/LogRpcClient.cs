using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Ingest.Rpc;

/// <summary>
/// The indexer's own eth_getLogs client: one attempt per call (the backfill decides how to retry: the same range
/// after a transport failure, a smaller one after a node error), the answer read as a stream by
/// <see cref="LogResponseReader"/>. Failures are the <see cref="RpcClientException"/> family of the general client.
/// </summary>
public sealed class LogRpcClient : IDisposable
{
    private const string Method = "eth_getLogs";
    private readonly HttpClient _http = new(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
    private readonly Uri _endpoint;
    private readonly TimeSpan _timeout;
    private long _nextId;

    /// <summary>Creates a client for a node; <paramref name="timeout"/> bounds each call, answer included.</summary>
    public LogRpcClient(Uri endpoint, TimeSpan timeout)
    {
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _timeout = timeout;
    }

    /// <summary>One eth_getLogs call; <see cref="LogLimitExceededException"/> when the answer passes <paramref name="limits"/>.</summary>
    public async Task<LogAnswer> GetLogsAsync(LogQuery query, LogLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var id = Interlocked.Increment(ref _nextId);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = Body(id, query) };
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status == 429 || status >= 500 || (!response.IsSuccessStatusCode && response.Content.Headers.ContentLength == 0))
            {
                throw new RpcTransportException(Method, $"HTTP {status} {response.ReasonPhrase}", status, 1);
            }
            await using var stream = await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false);
            return await LogResponseReader.ReadAsync(stream, id, limits, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RpcTimeoutException(Method, _timeout, 1, e);
        }
        catch (HttpRequestException e)
        {
            throw new RpcTransportException(Method, $"transport error: {e.Message}", (int?)e.StatusCode, 1, e);
        }
        catch (IOException e)
        {
            throw new RpcTransportException(Method, $"connection error: {e.Message}", null, 1, e);
        }
    }

    private static ByteArrayContent Body(long id, LogQuery query)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WriteNumber("id", id);
            writer.WriteString("method", Method);
            writer.WriteStartArray("params");
            query.WriteTo(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
