using System.Net;

namespace OnchainMarket.Agent.Chain;

/// <summary>
/// Retries a JSON-RPC POST that a provider answered with 429 or a 5xx, or that failed to connect, with exponential
/// backoff, honouring <c>Retry-After</c>. Nethereum's HTTP client does not retry; hosted nodes rate-limit routinely.
/// Reads are idempotent and a re-sent raw transaction is answered "already known", so retrying any call is safe.
/// </summary>
public sealed class RpcRetryHandler(HttpMessageHandler inner, int maxAttempts = 5, TimeSpan? firstDelay = null) : DelegatingHandler(inner)
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    private readonly TimeSpan _firstDelay = firstDelay ?? TimeSpan.FromMilliseconds(200);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The body is read once per attempt: keep its bytes so every retry sends the same request.
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var mediaType = request.Content?.Headers.ContentType;
        for (var attempt = 1; ; attempt++)
        {
            using var copy = new HttpRequestMessage(request.Method, request.RequestUri);
            foreach (var header in request.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            if (body is not null)
            {
                copy.Content = new ByteArrayContent(body);
                copy.Content.Headers.ContentType = mediaType;
            }
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(copy, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt < maxAttempts)
            {
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (!IsRetryable(response.StatusCode) || attempt >= maxAttempts)
            {
                return response;
            }
            var delay = RetryAfter(response) ?? Backoff(attempt);
            response.Dispose();
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsRetryable(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    private TimeSpan Backoff(int attempt) => TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, _firstDelay.Ticks << Math.Min(attempt - 1, 16)));

    /// <summary>The server's <c>Retry-After</c> (seconds or a date), capped so a hostile value cannot stall us for long.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } w ? TimeSpan.FromTicks(Math.Clamp(w.Ticks, 0, MaxDelay.Ticks)) : null;
    }
}
