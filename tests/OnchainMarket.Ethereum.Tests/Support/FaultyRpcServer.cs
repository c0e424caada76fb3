using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OnchainMarket.Ethereum.Tests.Support;

/// <summary>What the fault-injecting server does with one HTTP request.</summary>
internal abstract record Fault
{
    /// <summary>Answer with a status, a body and extra headers.</summary>
    public sealed record Respond(int Status, string Body, string ExtraHeaders = "") : Fault;

    /// <summary>Read the request and never answer.</summary>
    public sealed record Hang : Fault;

    /// <summary>Read the request and close the connection without a response.</summary>
    public sealed record Drop : Fault;
}

/// <summary>
/// A loopback HTTP server whose behaviour per request is scripted by the test: canned JSON-RPC answers,
/// HTTP errors, hangs and dropped connections. Every connection is closed after one exchange.
/// </summary>
internal sealed class FaultyRpcServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, string, Fault> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public FaultyRpcServer(Func<int, string, Fault> script)
    {
        _script = script;
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Url { get; }

    /// <summary>How many requests arrived.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Bodies of the requests, in arrival order.</summary>
    public List<string> Bodies { get; } = [];

    /// <summary>Answers each request with <c>{"jsonrpc":"2.0","id":&lt;its id&gt;,"result":...}</c>.</summary>
    public static string Result(string body, string resultJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(body);
        return $"{{\"jsonrpc\":\"2.0\",\"id\":{document.RootElement.GetProperty("id").GetRawText()},\"result\":{resultJson}}}";
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var body = await ReadRequestAsync(stream);
                var index = Interlocked.Increment(ref _requests) - 1;
                lock (Bodies)
                {
                    Bodies.Add(body);
                }
                switch (_script(index, body))
                {
                    case Fault.Hang:
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        break;
                    case Fault.Drop:
                        client.Client.LingerState = new LingerOption(true, 0);
                        break;
                    case Fault.Respond respond:
                        var payload = Encoding.UTF8.GetBytes(respond.Body);
                        var head = $"HTTP/1.1 {respond.Status} Status\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n{respond.ExtraHeaders}\r\n";
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                        await stream.WriteAsync(payload);
                        await stream.FlushAsync();
                        break;
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The client gave up or the server is stopping.
            }
        }
    }

    private static async Task<string> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0)
            {
                throw new IOException("client closed");
            }
            buffer.AddRange(chunk.AsSpan(0, read));
        }
        var headers = Encoding.ASCII.GetString(buffer.ToArray(), 0, headerEnd);
        var lengthLine = headers.Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        while (buffer.Count < headerEnd + 4 + length)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0)
            {
                throw new IOException("client closed");
            }
            buffer.AddRange(chunk.AsSpan(0, read));
        }
        return Encoding.UTF8.GetString(buffer.ToArray(), headerEnd + 4, length);
    }

    private static int IndexOfHeaderEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
