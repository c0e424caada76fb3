using System.Net;
using Xunit;

namespace OnchainMarket.Dashboard.Tests;

public sealed class MetricsServerTests
{
    [Fact]
    public async Task Metrics_and_health_are_served_with_their_content_type_and_status()
    {
        var ready = false;
        var calls = 0;
        await using var server = await MetricsServer.StartAsync(IPAddress.Loopback, 0, "text/plain; version=0.0.4; charset=utf-8",
            () => $"# HELP x_total calls\n# TYPE x_total counter\nx_total {++calls}\n", () => (ready, ready ? "ok" : "catching up"), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Url };

        using var metrics = await http.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", metrics.Content.Headers.ContentType!.ToString());
        Assert.Equal("# HELP x_total calls\n# TYPE x_total counter\nx_total 1\n", await metrics.Content.ReadAsStringAsync());
        // Each scrape asks the process afresh.
        Assert.EndsWith("x_total 2\n", await http.GetStringAsync("metrics"), StringComparison.Ordinal);

        using (var notReady = await http.GetAsync("health"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Equal("catching up\n", await notReady.Content.ReadAsStringAsync());
        }
        ready = true;
        using var healthy = await http.GetAsync("health");
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("nothing-here")).StatusCode);
    }

    [Fact]
    public async Task The_server_listens_on_loopback_only_by_default_address()
    {
        await using var server = await MetricsServer.StartAsync(IPAddress.Loopback, 0, "text/plain", () => "", () => (true, "ok"), CancellationToken.None);
        Assert.Equal("127.0.0.1", server.Url.Host);
    }
}
