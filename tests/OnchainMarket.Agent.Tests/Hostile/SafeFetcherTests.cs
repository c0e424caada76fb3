using System.Text;
using OnchainMarket.Agent.Proving;
using Xunit;

namespace OnchainMarket.Agent.Tests.Hostile;

/// <summary>H7: what a chain-supplied URI can make the prover fetch (a loopback server plays the hostile host).</summary>
public sealed class SafeFetcherTests : IDisposable
{
    private static readonly FetchPolicy Loopback = new() { AllowHttp = true, AllowPrivateHosts = true, Timeout = TimeSpan.FromSeconds(20) };

    private readonly string _folder = Directory.CreateTempSubdirectory("omkt-fetch-").FullName;

    [Fact]
    public async Task Plain_http_is_refused_unless_the_operator_allows_it()
    {
        await using var server = LoopbackHttpServer.Files(new Dictionary<string, byte[]> { ["/input.json"] = "{}"u8.ToArray() });
        using var strict = new SafeFetcher(FetchPolicy.Default);

        var e = await Assert.ThrowsAsync<FetchException>(() => strict.FetchBytesAsync(server.BaseUrl + "/input.json", 1000, default));
        Assert.Contains("https only", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task A_loopback_host_is_refused_before_any_connection_unless_private_hosts_are_allowed(string host)
    {
        await using var server = LoopbackHttpServer.Files(new Dictionary<string, byte[]> { ["/input.json"] = "{}"u8.ToArray() });
        using var fetcher = new SafeFetcher(new FetchPolicy { AllowHttp = true });
        var url = server.BaseUrl.Replace("127.0.0.1", host, StringComparison.Ordinal) + "/input.json";

        var e = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchBytesAsync(url, 1000, default));
        Assert.Contains("non-public address", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);

        using var allowed = new SafeFetcher(Loopback);
        Assert.Equal("{}", Encoding.UTF8.GetString(await allowed.FetchBytesAsync(url, 1000, default)));
    }

    [Theory]
    [InlineData("169.254.169.254", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700::1111", true)]
    public void Non_public_ranges_are_recognised(string address, bool isPublic) =>
        Assert.Equal(isPublic, NetworkAddresses.IsPublic(System.Net.IPAddress.Parse(address)));

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        await using var server = new LoopbackHttpServer((path, stream, token) => path == "/input.json"
            ? LoopbackHttpServer.WriteAsync(stream, 302, [], token, "Location: /secret\r\n")
            : LoopbackHttpServer.WriteAsync(stream, 200, "secret"u8.ToArray(), token));
        using var fetcher = new SafeFetcher(Loopback);

        var e = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchBytesAsync(server.BaseUrl + "/input.json", 1000, default));
        Assert.Contains("redirects are not followed", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_body_over_the_cap_is_refused_whether_or_not_its_length_is_announced()
    {
        var big = new byte[200_000];
        await using var announced = LoopbackHttpServer.Files(new Dictionary<string, byte[]> { ["/big"] = big });
        await using var unannounced = new LoopbackHttpServer(async (_, stream, token) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"u8.ToArray(), token);
            for (var i = 0; i < 100; i++)
            {
                await stream.WriteAsync(new byte[10_000], token);
            }
        });
        using var fetcher = new SafeFetcher(Loopback);

        var e1 = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchBytesAsync(announced.BaseUrl + "/big", 100_000, default));
        Assert.Contains("above the limit of 100000", e1.Message, StringComparison.Ordinal);
        var e2 = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchBytesAsync(unannounced.BaseUrl + "/big", 100_000, default));
        Assert.Contains("more than the limit of 100000", e2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trickling_server_is_a_fetch_failure_not_a_cancellation_of_the_caller()
    {
        using var release = new SemaphoreSlim(0);
        await using var server = new LoopbackHttpServer(async (_, stream, token) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n"u8.ToArray(), token);
            // One byte, then nothing until the test ends: the client's deadline must end it.
            await stream.WriteAsync("{"u8.ToArray(), token);
            await stream.FlushAsync(token);
            await release.WaitAsync(token);
        });
        using var fetcher = new SafeFetcher(Loopback with { Timeout = TimeSpan.FromSeconds(1) });

        var e = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchBytesAsync(server.BaseUrl + "/slow", 10_000_000, default));
        Assert.Contains("no complete answer within 1 s", e.Message, StringComparison.Ordinal);
        release.Release();
    }

    [Fact]
    public async Task Local_paths_from_the_chain_are_read_only_inside_the_mirror_folder()
    {
        var mirror = Directory.CreateDirectory(Path.Combine(_folder, "mirror")).FullName;
        File.WriteAllText(Path.Combine(mirror, "input.json"), "{\"a\":1}");
        var outside = Path.Combine(_folder, "operator-secret.txt");
        File.WriteAllText(outside, "secret");
        File.CreateSymbolicLink(Path.Combine(mirror, "link.json"), outside);

        using var none = new SafeFetcher(FetchPolicy.Default);
        var refused = await Assert.ThrowsAsync<FetchException>(() => none.FetchBytesAsync(Path.Combine(mirror, "input.json"), 1000, default));
        Assert.Contains("not read", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<FetchException>(() => none.FetchBytesAsync("/dev/zero", 1000, default));

        using var fetcher = new SafeFetcher(FetchPolicy.Default with { MirrorFolder = mirror });
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(await fetcher.FetchBytesAsync("file://" + Path.Combine(mirror, "input.json"), 1000, default)));
        foreach (var escape in new[] { outside, Path.Combine(mirror, "..", "operator-secret.txt"), "file://" + Path.Combine(mirror, "link.json"), "/dev/zero", "/etc/passwd" })
        {
            var e = await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchBytesAsync(escape, 1000, default));
            Assert.Contains("outside the mirror folder", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("ftp://example.com/x")]
    [InlineData("gopher://example.com/x")]
    public async Task Other_schemes_are_refused(string uri)
    {
        using var fetcher = new SafeFetcher(Loopback);
        await Assert.ThrowsAsync<FetchException>(() => fetcher.FetchBytesAsync(uri, 1000, default));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
