using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OnchainMarket.Agent.Tests.Hostile;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 whose answers the test scripts byte by byte: a hostile
/// host that trickles, redirects, lies about sizes or serves crafted files. Counts the requests it saw.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, Stream, CancellationToken, Task> _answer;
    private readonly Task _loop;
    private int _requests;

    /// <param name="answer">Writes the whole response for a request path onto the connection.</param>
    public LoopbackHttpServer(Func<string, Stream, CancellationToken, Task> answer)
    {
        _answer = answer;
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Serves fixed files by path ("/name"); anything else is a 404.</summary>
    public static LoopbackHttpServer Files(IReadOnlyDictionary<string, byte[]> files) => new(async (path, stream, token) =>
    {
        if (files.TryGetValue(Uri.UnescapeDataString(path), out var body))
        {
            await WriteAsync(stream, 200, body, token);
        }
        else
        {
            await WriteAsync(stream, 404, "not found"u8.ToArray(), token);
        }
    });

    public static async Task WriteAsync(Stream stream, int status, byte[] body, CancellationToken token, string? extraHeaders = null)
    {
        var head = $"HTTP/1.1 {status} X\r\nContent-Length: {body.Length}\r\nConnection: close\r\n{extraHeaders}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), token);
        await stream.WriteAsync(body, token);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync(_stop.Token) ?? "";
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(_stop.Token)))
                {
                    // Headers: ignored.
                }
                Interlocked.Increment(ref _requests);
                var path = requestLine.Split(' ') is [_, var p, ..] ? p : "/";
                await _answer(path, stream, _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client gave up (a timeout or a cap): that is the point of most tests here.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
