using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OnchainMarket.Dashboard;

/// <summary>
/// The dashboard's web server: ASP.NET Core's own (Kestrel), on loopback unless told otherwise. <c>/</c> is the
/// page, <c>/panels</c> the fragment the page fetches to refresh itself. Reads only; a database failure is one
/// line in the page's status, never a stopped server.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Where the dashboard listens.</summary>
    public Uri Url { get; }

    /// <summary>Starts the server; <paramref name="port"/> 0 takes a free port.</summary>
    public static async Task<DashboardServer> StartAsync(NpgsqlDataSource database, IPAddress address, int port, int refreshSeconds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(address, port);
            options.AddServerHeader = false;
        });
        var app = builder.Build();
        // Handlers take the request's CancellationToken, not HttpContext: a (HttpContext) => Task lambda binds as a
        // RequestDelegate and its IResult would be dropped.
        app.MapGet("/", async (CancellationToken aborted) =>
        {
            var panels = await PanelsAsync(database, aborted).ConfigureAwait(false);
            return Results.Content(DashboardPage.Shell(panels, refreshSeconds), "text/html; charset=utf-8");
        });
        app.MapGet("/panels", async (CancellationToken aborted) =>
            Results.Content(await PanelsAsync(database, aborted).ConfigureAwait(false), "text/html; charset=utf-8"));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Urls.First();
        return new DashboardServer(app, new Uri(bound + "/"));
    }

    private static async Task<string> PanelsAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        try
        {
            return DashboardPage.Panels(await DashboardData.ReadAsync(database, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            return $"<div class=\"meta\" style=\"padding:16px;color:#b91c1c\">cannot read the index: {WebUtility.HtmlEncode(e.Message)}</div>";
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
