using System.Globalization;
using System.Net;
using System.Text;

namespace OnchainMarket.Dashboard;

/// <summary>
/// The dashboard's HTML: a page shell whose script fetches <c>/panels</c> every few seconds and swaps it in (no
/// reload), and the panels themselves, rendered from one <see cref="DashboardData"/> snapshot.
/// </summary>
public static class DashboardPage
{
    /// <summary>The page; <paramref name="refreshSeconds"/> is how often the panels are fetched again.</summary>
    public static string Shell(string panels, int refreshSeconds) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>OnchainMarket · market dashboard</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #111827; }
        header { padding: 12px 20px; background: #111827; color: #f9fafb; display: flex; gap: 24px; align-items: baseline; }
        header h1 { font-size: 18px; margin: 0; }
        main { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 16px; padding: 16px; }
        section { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 12px 14px; }
        section h2 { font-size: 15px; margin: 0 0 8px; }
        svg { width: 100%; height: auto; }
        .grid { stroke: #e5e7eb; } .label { font-size: 11px; fill: #4b5563; } .empty { fill: #9ca3af; font-size: 14px; }
        table { border-collapse: collapse; width: 100%; font-size: 12px; margin-top: 6px; }
        th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #f3f4f6; } th { color: #6b7280; font-weight: 600; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        #status { font-size: 12px; color: #9ca3af; }
        </style></head>
        <body>
        <header><h1>OnchainMarket</h1><span id="status">live</span></header>
        <div id="panels">{{panels}}</div>
        <script>
        // Swap in fresh panels without reloading the page; a failed fetch keeps the last ones and says so.
        async function refresh() {
          try {
            const answer = await fetch('/panels', { cache: 'no-store' });
            if (!answer.ok) throw new Error('HTTP ' + answer.status);
            document.getElementById('panels').innerHTML = await answer.text();
            document.getElementById('status').textContent = 'updated ' + new Date().toLocaleTimeString();
          } catch (e) {
            document.getElementById('status').textContent = 'refresh failed: ' + e.message;
          }
        }
        setInterval(refresh, {{refreshSeconds * 1000}});
        </script>
        </body></html>
        """;

    /// <summary>Every panel, as the fragment <c>/panels</c> returns.</summary>
    public static string Panels(DashboardData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var html = new StringBuilder();
        html.Append("<div class=\"meta\" style=\"padding:8px 16px 0;color:#6b7280;font-size:12px\">")
            .Append(data.Checkpoint is { } block
                ? Invariant($"indexed up to block {block} · checkpoint written {data.UpdatedAt:yyyy-MM-dd HH:mm:ss} UTC")
                : "the index is empty: is `omkt indexer run` pointed at this database?")
            .Append("</div><main>");

        var series = data.Prices.GroupBy(p => $"{p.Circuit} {p.Mechanism}")
            .Select(g => (g.Key, (IReadOnlyList<(DateTime, double)>)g.Select(p => (p.At, p.Price)).ToList()))
            .ToList();
        Panel(html, "price", "Clearing price per circuit and mechanism", SvgChart.Timeline(series, "ETH"));

        Panel(html, "status", "Requests by status",
            SvgChart.Bars(data.Statuses.Select(s => s.Status).ToList(), [("requests", data.Statuses.Select(s => (double)s.Count).ToList())], "requests"));

        var mechanisms = data.Latencies.Select(l => l.Mechanism).ToList();
        Panel(html, "latency", "Seconds to assignment and to proof (p50 / p95)", SvgChart.Bars(mechanisms,
        [
            ("assignment p50", data.Latencies.Select(l => l.AssignP50).ToList()),
            ("assignment p95", data.Latencies.Select(l => l.AssignP95).ToList()),
            ("proof p50", data.Latencies.Select(l => l.ProofP50 ?? 0).ToList()),
            ("proof p95", data.Latencies.Select(l => l.ProofP95 ?? 0).ToList()),
        ], "seconds"));

        var leaderboard = SvgChart.Bars(data.Provers.Select(p => Short(p.Prover)).ToList(),
            [("on-time rate", data.Provers.Select(p => p.OnTimeRate ?? 0).ToList())], "on-time rate")
            + Table(["prover", "won", "fulfilled", "slashed", "on time", "p95 s to proof", "revenue ETH"],
                data.Provers.Select(p => new[] { Short(p.Prover), N(p.Won), N(p.Fulfilled), N(p.Slashed), Rate(p.OnTimeRate), Opt(p.P95SecondsToProof), SvgChart.Format(p.Revenue) }));
        Panel(html, "provers", "Prover leaderboard", leaderboard);

        var rescued = data.Slashes.Count(s => s.RescuedBy is not null);
        var slashes = (data.Slashes.Count == 0
                ? SvgChart.Bars([], [], "")
                : SvgChart.Bars(["slashed", "rescued"], [("requests", [data.Slashes.Count, rescued])], "requests"))
            + Table(["request", "slashed prover", "stake slashed", "outcome", "status", "rescued by"],
                data.Slashes.Select(s => new[] { s.RequestId, Short(s.Prover), SvgChart.Format(s.Slashed), s.Outcome, s.Status, s.RescuedBy is { } r ? Short(r) : "-" }));
        Panel(html, "slashes", "Slashes and rescues", slashes);

        Panel(html, "stake", "Free and locked stake per operator", SvgChart.Bars(data.Stakes.Select(s => Short(s.Operator)).ToList(),
            [("free", data.Stakes.Select(s => s.Free).ToList()), ("locked", data.Stakes.Select(s => s.Locked).ToList())], "tokens"));

        html.Append("<section id=\"latest\"><h2>Latest requests</h2>")
            .Append(Table(["id", "status", "mechanism", "circuit", "price ETH", "submitted"],
                data.Latest.Select(r => new[] { r.Id, r.Status, r.Mechanism, r.Circuit, (r.Cleared ? "" : "≤ ") + SvgChart.Format(r.Price), Invariant($"{r.SubmittedAt:HH:mm:ss}") }),
                rowAttribute: i => $" data-request=\"{WebUtility.HtmlEncode(data.Latest[i].Id)}\""))
            .Append("</section>");
        return html.Append("</main>").ToString();
    }

    private static void Panel(StringBuilder html, string id, string title, string body) =>
        html.Append("<section class=\"chart\" data-chart=\"").Append(id).Append("\"><h2>").Append(WebUtility.HtmlEncode(title)).Append("</h2>")
            .Append(body).Append("</section>");

    private static string Table(IReadOnlyList<string> headings, IEnumerable<string[]> rows, Func<int, string>? rowAttribute = null)
    {
        var html = new StringBuilder("<table><tr>");
        foreach (var heading in headings)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(heading)).Append("</th>");
        }
        html.Append("</tr>");
        var index = 0;
        foreach (var row in rows)
        {
            html.Append("<tr").Append(rowAttribute?.Invoke(index++) ?? "").Append('>');
            foreach (var cell in row)
            {
                var numeric = cell.Length > 0 && (char.IsDigit(cell[0]) || cell[0] == '≤');
                html.Append(numeric ? "<td class=\"num\">" : "<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</table>").ToString();
    }

    private static string Short(string address) => address.Length > 12 ? $"{address[..6]}…{address[^4..]}" : address;

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Rate(double? rate) => rate is { } r ? r.ToString("P0", CultureInfo.InvariantCulture) : "-";

    private static string Opt(double? value) => value is { } v ? SvgChart.Format(v) : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
