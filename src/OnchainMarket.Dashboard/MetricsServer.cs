using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OnchainMarket.Dashboard;

/// <summary>
/// <c>/metrics</c> (Prometheus text) and <c>/health</c> (200 when ready, 503 otherwise, with the reason as text) for a
/// long-running process, on ASP.NET Core's own server. The process supplies both answers; this only serves them.
/// </summary>
public sealed class MetricsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Where the endpoints listen.</summary>
    public Uri Url { get; }

    /// <summary>Starts serving; <paramref name="port"/> 0 takes a free port.</summary>
    public static async Task<MetricsServer> StartAsync(IPAddress address, int port, string contentType, Func<string> metrics,
        Func<(bool Ready, string Reason)> health, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(health);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(address, port);
            options.AddServerHeader = false;
        });
        var app = builder.Build();
        app.MapGet("/metrics", () => Results.Text(metrics(), contentType));
        app.MapGet("/health", () =>
        {
            var (ready, reason) = health();
            return Results.Text(reason + "\n", "text/plain; charset=utf-8", statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new MetricsServer(app, new Uri(app.Urls.First() + "/"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
