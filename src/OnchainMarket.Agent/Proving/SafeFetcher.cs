using System.Net;
using System.Net.Sockets;

namespace OnchainMarket.Agent.Proving;

/// <summary>
/// Fetches what a chain-supplied URI points at under a <see cref="FetchPolicy"/>: https (http only
/// when allowed), no redirects, no proxy, addresses resolved once and checked to be public before
/// connecting (the connection goes to the checked address, so a DNS answer that changes cannot
/// reach a private one), a byte cap enforced while reading, one deadline for the whole fetch, and
/// local files only from inside the operator's mirror folder. Every failure is a
/// <see cref="FetchException"/>: a slow or hostile server is a failure of that URI, never of the process.
/// </summary>
public sealed class SafeFetcher : IDisposable
{
    private readonly HttpClient _http;

    public SafeFetcher(FetchPolicy policy)
    {
        Policy = policy;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxResponseHeadersLength = 64,
            ConnectTimeout = policy.Timeout,
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    public FetchPolicy Policy { get; }

    /// <summary>The bytes at <paramref name="uri"/>, at most <paramref name="maxBytes"/>.</summary>
    public async Task<byte[]> FetchBytesAsync(string uri, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await FetchAsync(uri, buffer, maxBytes, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Copies what <paramref name="uri"/> holds into <paramref name="destination"/>, at most <paramref name="maxBytes"/>.</summary>
    public async Task FetchAsync(string uri, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Policy.Timeout);
        try
        {
            if (IsHttp(uri, out var url))
            {
                await FetchHttpAsync(url, destination, maxBytes, deadline.Token).ConfigureAwait(false);
            }
            else
            {
                await CopyMirrorFileAsync(uri, destination, maxBytes, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FetchException($"{Shown(uri)}: no complete answer within {Policy.Timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or UnauthorizedAccessException or UriFormatException or NotSupportedException)
        {
            throw new FetchException($"{Shown(uri)}: {e.Message}", e);
        }
    }

    private bool IsHttp(string uri, out Uri url)
    {
        url = null!;
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.IsFile)
        {
            return false;
        }
        if (parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && Policy.AllowHttp))
        {
            url = parsed;
            return true;
        }
        throw new FetchException($"{Shown(uri)}: the {parsed.Scheme} scheme is not fetched (https only{(Policy.AllowHttp ? " or http" : "")})");
    }

    private async Task FetchHttpAsync(Uri url, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            throw new FetchException($"{Shown(url.ToString())}: redirects are not followed (HTTP {status})");
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new FetchException($"{Shown(url.ToString())}: HTTP {status}");
        }
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw new FetchException($"{Shown(url.ToString())}: {response.Content.Headers.ContentLength} bytes is above the limit of {maxBytes}");
        }
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await CopyCappedAsync(body, destination, maxBytes, url.ToString(), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CopyMirrorFileAsync(string uri, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        if (Policy.MirrorFolder is null)
        {
            throw new FetchException($"{Shown(uri)}: local paths from the chain are not read (no mirror folder is configured)");
        }
        var path = uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(uri).LocalPath : uri;
        var resolved = MirrorPath(Policy.MirrorFolder, path)
            ?? throw new FetchException($"{Shown(uri)}: outside the mirror folder {Policy.MirrorFolder}");
        var info = new FileInfo(resolved);
        if (!info.Exists || info.Attributes.HasFlag(FileAttributes.Directory))
        {
            throw new FetchException($"{Shown(uri)}: no such file in the mirror folder");
        }
        var source = new FileStream(resolved, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using (source.ConfigureAwait(false))
        {
            await CopyCappedAsync(source, destination, maxBytes, uri, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The real path of <paramref name="path"/> (links followed) when it lies inside <paramref name="folder"/>; null otherwise.</summary>
    public static string? MirrorPath(string folder, string path)
    {
        var root = RealPath(Path.GetFullPath(folder));
        var full = Path.IsPathRooted(path) ? Path.GetFullPath(path) : Path.GetFullPath(Path.Combine(root, path));
        var real = RealPath(full);
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return real.StartsWith(prefix, StringComparison.Ordinal) ? real : null;
    }

    private static string RealPath(string path)
    {
        // Resolve every link on the way, component by component, so a link inside the mirror cannot point out of it.
        var parts = path.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = Path.GetPathRoot(path) ?? "/";
        foreach (var part in parts)
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                next = target is null ? next : RealPath(Path.GetFullPath(target.FullName));
            }
            current = next;
        }
        return current;
    }

    private static async Task CopyCappedAsync(Stream source, Stream destination, long maxBytes, string uri, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        while (true)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, maxBytes - total + 1)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }
            total += read;
            if (total > maxBytes)
            {
                throw new FetchException($"{Shown(uri)}: more than the limit of {maxBytes} bytes");
            }
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new HttpRequestException($"{host} has no address");
        }
        if (!Policy.AllowPrivateHosts && addresses.FirstOrDefault(a => !NetworkAddresses.IsPublic(a)) is { } refused)
        {
            throw new HttpRequestException($"{host} resolves to the non-public address {refused}: refused (private hosts are not allowed)");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(addresses[0], context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A URI as it may appear in a message: bounded in length (it is chain data).</summary>
    public static string Shown(string uri) => uri.Length <= 200 ? uri : uri[..200] + "…";

    public void Dispose() => _http.Dispose();
}
