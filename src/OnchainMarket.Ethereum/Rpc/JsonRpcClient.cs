using System.Net;
using System.Net.Http.Headers;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace OnchainMarket.Ethereum;

/// <summary>
/// An Ethereum JSON-RPC client over HTTP: typed calls, batches, a per-attempt timeout, and retries with exponential
/// backoff and jitter on transport errors, timeouts, HTTP 5xx and 429 (honouring Retry-After).
/// Node errors are never retried: they come back as <see cref="RpcException"/>.
/// </summary>
public sealed class JsonRpcClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private long _nextId;

    /// <summary>Creates a client with its own <see cref="HttpClient"/>.</summary>
    public JsonRpcClient(Uri endpoint, RpcClientOptions? options = null)
        : this(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, endpoint, options, ownsHttpClient: true)
    {
    }

    /// <summary>Creates a client over a caller-owned <see cref="HttpClient"/> (its own Timeout should be infinite).</summary>
    public JsonRpcClient(HttpClient httpClient, Uri endpoint, RpcClientOptions? options = null, bool ownsHttpClient = false)
    {
        _http = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        Options = options ?? new RpcClientOptions();
        _ownsHttp = ownsHttpClient;
    }

    /// <summary>
    /// A client for the same node and connection pool with other timeouts or retries, e.g. a short timeout for a
    /// latency-sensitive call or no retries for a probe. Disposing it leaves the shared connection open.
    /// </summary>
    public JsonRpcClient WithOptions(RpcClientOptions options) => new(_http, Endpoint, options ?? throw new ArgumentNullException(nameof(options)));

    /// <summary>The node's URL.</summary>
    public Uri Endpoint { get; }

    /// <summary>The body, refused once it passes <see cref="RpcClientOptions.MaxResponseBytes"/> (before more is buffered).</summary>
    private async Task<byte[]> ReadCappedAsync(HttpContent content, string method, CancellationToken cancellationToken)
    {
        var limit = Options.MaxResponseBytes;
        if (content.Headers.ContentLength > limit)
        {
            throw new RpcProtocolException(method, $"the response of {content.Headers.ContentLength} bytes is above the limit of {limit}.", null);
        }
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[1 << 16];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw new RpcProtocolException(method, $"the response is above the limit of {limit} bytes.", null);
                }
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
    }

    /// <summary>Timeouts and retry policy.</summary>
    public RpcClientOptions Options { get; }

    /// <summary>Calls any method (anvil_, evm_, debug_...) and converts the result with <see cref="EthJson.Options"/>.</summary>
    public async Task<T> SendAsync<T>(string method, IReadOnlyList<object?> parameters, CancellationToken cancellationToken = default)
    {
        var result = await SendRawAsync(method, parameters, cancellationToken).ConfigureAwait(false);
        return new RpcBatchResult(method, result, null).Get<T>();
    }

    /// <summary>Calls any method and returns the raw JSON result.</summary>
    public async Task<JsonElement> SendRawAsync(string method, IReadOnlyList<object?> parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(parameters);
        var id = Interlocked.Increment(ref _nextId);
        var body = JsonSerializer.SerializeToUtf8Bytes(new RpcEnvelope(id, method, parameters), EthJson.Options);
        using var document = await PostWithRetriesAsync(method, body, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RpcProtocolException(method, $"expected a response object, got {root.ValueKind}.");
        }
        if (ErrorOf(method, root) is { } error)
        {
            throw error;
        }
        return ReadResponse(method, root, id).Clone();
    }

    /// <summary>Sends several calls in one HTTP request; each result or node error comes back in request order.</summary>
    public async Task<IReadOnlyList<RpcBatchResult>> BatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return [];
        }
        var firstId = Interlocked.Add(ref _nextId, requests.Count) - requests.Count + 1;
        var envelopes = requests.Select((r, i) => new RpcEnvelope(firstId + i, r.Method, r.Params)).ToArray();
        var label = $"batch of {requests.Count}";
        var body = JsonSerializer.SerializeToUtf8Bytes(envelopes, EthJson.Options);
        using var document = await PostWithRetriesAsync(label, body, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && ErrorOf(label, root) is { } whole)
        {
            throw whole;
        }
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new RpcProtocolException(label, $"expected an array, got {root.ValueKind}.");
        }
        var byId = new Dictionary<long, JsonElement>();
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var idElement) && idElement.TryGetInt64(out var itemId))
            {
                byId[itemId] = item;
            }
        }
        var results = new RpcBatchResult[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var method = requests[i].Method;
            if (!byId.TryGetValue(firstId + i, out var item))
            {
                throw new RpcProtocolException(label, $"no response for call {i} ({method}).");
            }
            results[i] = ErrorOf(method, item) is { } error
                ? new RpcBatchResult(method, null, error)
                : new RpcBatchResult(method, ReadResponse(method, item, firstId + i).Clone(), null);
        }
        return results;
    }

    private static JsonElement ReadResponse(string method, JsonElement response, long id)
    {
        if (response.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt64(out var got) && got != id)
        {
            throw new RpcProtocolException(method, $"response id {got} does not match request id {id}.");
        }
        if (response.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
        {
            return default;
        }
        if (!response.TryGetProperty("result", out var result))
        {
            throw new RpcProtocolException(method, "response has neither 'result' nor 'error'.");
        }
        return result;
    }

    private static RpcException? ErrorOf(string method, JsonElement response)
    {
        if (!response.TryGetProperty("error", out var error) || error.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (error.ValueKind != JsonValueKind.Object || !error.TryGetProperty("code", out var code) || !code.TryGetInt32(out var codeValue))
        {
            throw new RpcProtocolException(method, "error object lacks an integer 'code'.");
        }
        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
        JsonElement? data = error.TryGetProperty("data", out var d) && d.ValueKind != JsonValueKind.Null ? d.Clone() : null;
        return new RpcException(method, codeValue, message, data);
    }

    private async Task<JsonDocument> PostWithRetriesAsync(string method, byte[] body, CancellationToken cancellationToken)
    {
        var attempts = 0;
        var backoff = Options.InitialBackoff;
        while (true)
        {
            attempts++;
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan? retryAfter = null;
            Exception failure;
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptCts.CancelAfter(Options.RequestTimeout);
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = content };
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptCts.Token).ConfigureAwait(false);
                    var payload = await ReadCappedAsync(response.Content, method, attemptCts.Token).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    if (status == 429 || status >= 500)
                    {
                        retryAfter = RetryAfter(response);
                        failure = new RpcTransportException(method, $"HTTP {status} {response.ReasonPhrase}", status, attempts);
                    }
                    else if (!response.IsSuccessStatusCode && payload.Length == 0)
                    {
                        throw new RpcTransportException(method, $"HTTP {status} {response.ReasonPhrase}", status, attempts);
                    }
                    else
                    {
                        try
                        {
                            return JsonDocument.Parse(payload);
                        }
                        catch (JsonException e)
                        {
                            var preview = HexConvert.Truncate(Encoding.UTF8.GetString(payload));
                            throw new RpcProtocolException(method, $"HTTP {status} body is not JSON: '{preview}'.", e);
                        }
                    }
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new RpcTimeoutException(method, Options.RequestTimeout, attempts, e);
                }
                catch (HttpRequestException e)
                {
                    failure = new RpcTransportException(method, $"transport error: {e.Message}", (int?)e.StatusCode, attempts, e);
                }
                catch (IOException e)
                {
                    failure = new RpcTransportException(method, $"connection error: {e.Message}", null, attempts, e);
                }
            }
            if (attempts > Options.MaxRetries)
            {
                throw failure;
            }
            var delay = retryAfter ?? Jitter(backoff);
            if (delay > Options.MaxBackoff)
            {
                delay = Options.MaxBackoff;
            }
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, Options.MaxBackoff.Ticks));
        }
    }

    private static TimeSpan Jitter(TimeSpan backoff) => TimeSpan.FromTicks((long)(backoff.Ticks * (0.5 + Random.Shared.NextDouble())));

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    // ---- Typed methods ----

    /// <summary><c>eth_chainId</c>.</summary>
    public async Task<long> GetChainIdAsync(CancellationToken cancellationToken = default) =>
        new RpcJson("eth_chainId").Long(await SendRawAsync("eth_chainId", [], cancellationToken).ConfigureAwait(false), "chain id");

    /// <summary><c>eth_blockNumber</c>.</summary>
    public async Task<long> GetBlockNumberAsync(CancellationToken cancellationToken = default) =>
        new RpcJson("eth_blockNumber").Long(await SendRawAsync("eth_blockNumber", [], cancellationToken).ConfigureAwait(false), "block number");

    /// <summary><c>eth_getBlockByNumber</c> (header only); null when the block does not exist.</summary>
    public async Task<BlockHeader?> GetBlockByNumberAsync(BlockTag block, CancellationToken cancellationToken = default)
    {
        var result = await SendRawAsync("eth_getBlockByNumber", [block.ToRpc(), false], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : new RpcJson("eth_getBlockByNumber").Header(result);
    }

    /// <summary><c>eth_getBlockByHash</c> (header only); null when the block is unknown.</summary>
    public async Task<BlockHeader?> GetBlockByHashAsync(Hash32 hash, CancellationToken cancellationToken = default)
    {
        var result = await SendRawAsync("eth_getBlockByHash", [hash.ToString(), false], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : new RpcJson("eth_getBlockByHash").Header(result);
    }

    /// <summary><c>eth_getTransactionCount</c>: the next nonce of an account at a block.</summary>
    public async Task<long> GetTransactionCountAsync(Address account, BlockTag block = default, CancellationToken cancellationToken = default) =>
        new RpcJson("eth_getTransactionCount").Long(
            await SendRawAsync("eth_getTransactionCount", [account.ToLowerHex(), block.ToRpc()], cancellationToken).ConfigureAwait(false), "nonce");

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private sealed record RpcEnvelope(long Id, string Method, IReadOnlyList<object?> Params)
    {
        public string Jsonrpc => "2.0";
    }
}
