using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OnchainMarket.Devnet;

namespace OnchainMarket.Indexer.Tests.Support;

/// <summary>
/// A JSON-RPC proxy on loopback in front of a real node that misbehaves on purpose: dropped connections,
/// delays, HTTP 429, truncated bodies, "too many results" errors for wide eth_getLogs ranges, and a head
/// (eth_blockNumber) that lags behind the node's.
/// </summary>
public sealed partial class FaultyRpcProxy : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _http = new();
    private readonly Uri _upstream;
    private readonly Random _random;
    private readonly Task _loop;
    private readonly object _gate = new();

    public FaultyRpcProxy(Uri upstream, int seed)
    {
        _upstream = upstream;
        _random = new Random(seed);
        var port = FreePort.Next();
        Url = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Url { get; }

    /// <summary>Probability of each fault per request; 0 turns the proxy into a plain relay.</summary>
    public double FaultRate { get; set; } = 0.2;

    /// <summary>eth_getLogs spanning more blocks than this answers "query returned more than 10000 results".</summary>
    public int MaxLogRange { get; set; } = 7;

    /// <summary>Most blocks eth_blockNumber is made to lag behind.</summary>
    public int MaxHeadLag { get; set; } = 3;

    public int Faults { get; private set; }

    private double Next()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }

    private int NextInt(int max)
    {
        lock (_gate)
        {
            return _random.Next(max);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var faulty = FaultRate > 0;
            if (faulty && Next() < FaultRate / 4)
            {
                Count();
                context.Response.Abort(); // a dropped connection
                return;
            }
            if (faulty && Next() < FaultRate / 4)
            {
                Count();
                await Task.Delay(50 + NextInt(250)); // a slow node
            }
            if (faulty && Next() < FaultRate / 4)
            {
                Count();
                context.Response.StatusCode = 429;
                context.Response.AddHeader("Retry-After", "0");
                context.Response.Close();
                return;
            }
            if (faulty && body.Contains("\"eth_getLogs\"", StringComparison.Ordinal) && RangeOf(body) is { } range && range > MaxLogRange)
            {
                Count();
                await WriteAsync(context, ErrorFor(body, -32005, "query returned more than 10000 results"));
                return;
            }

            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(_upstream, content);
            var answer = await response.Content.ReadAsStringAsync();
            if (faulty && body.Contains("\"eth_blockNumber\"", StringComparison.Ordinal) && MaxHeadLag > 0)
            {
                answer = LagHead(answer);
            }
            if (faulty && Next() < FaultRate / 4)
            {
                Count();
                answer = answer[..(answer.Length / 2)]; // a truncated body
            }
            await WriteAsync(context, answer);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or HttpRequestException)
        {
            // The client went away, or the node did: nothing to answer.
        }
    }

    private void Count()
    {
        lock (_gate)
        {
            Faults++;
        }
    }

    private string LagHead(string answer)
    {
        using var document = JsonDocument.Parse(answer);
        if (!document.RootElement.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.String)
        {
            return answer;
        }
        var head = Convert.ToInt64(result.GetString(), 16);
        var lagged = Math.Max(0, head - NextInt(MaxHeadLag + 1));
        var id = document.RootElement.GetProperty("id").GetRawText();
        return $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":\"0x{lagged:x}\"}}";
    }

    private static long? RangeOf(string body)
    {
        var from = FromBlock().Match(body);
        var to = ToBlock().Match(body);
        return from.Success && to.Success
            ? Convert.ToInt64(to.Groups[1].Value, 16) - Convert.ToInt64(from.Groups[1].Value, 16) + 1
            : null;
    }

    private static string ErrorFor(string body, int code, string message)
    {
        using var document = JsonDocument.Parse(body);
        var id = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var i) ? i.GetRawText() : "null";
        return $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{{\"code\":{code},\"message\":\"{message}\"}}}}";
    }

    private static async Task WriteAsync(HttpListenerContext context, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    [GeneratedRegex("\"fromBlock\"\\s*:\\s*\"0x([0-9a-fA-F]+)\"")]
    private static partial Regex FromBlock();

    [GeneratedRegex("\"toBlock\"\\s*:\\s*\"0x([0-9a-fA-F]+)\"")]
    private static partial Regex ToBlock();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
        _http.Dispose();
    }
}
