using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace OnchainMarket.Devnet;

/// <summary>
/// An anvil node started from the project's node_modules on a loopback port, stopped (with its
/// process tree) on dispose. Used by the tests, the devnet and the demo.
/// </summary>
public sealed class LocalAnvil : IAsyncDisposable
{
    /// <summary>The private keys anvil derives from its default mnemonic ("test test ... junk").</summary>
    public static readonly IReadOnlyList<string> DevPrivateKeys =
    [
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ];

    private readonly Process _process;
    private readonly LogTail _log;

    private LocalAnvil(Process process, LogTail log, int port, long chainId)
    {
        _process = process;
        _log = log;
        Port = port;
        ChainId = chainId;
        RpcUrl = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri RpcUrl { get; }

    public int Port { get; }

    public long ChainId { get; }

    /// <summary>The last lines anvil printed, for error messages.</summary>
    public string RecentOutput => _log.Text;

    public static async Task<LocalAnvil> StartAsync(AnvilOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AnvilOptions();
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port != 0 ? options.Port : FreePort.Next();
            var info = new ProcessStartInfo(RepoPaths.Anvil)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in Arguments(options, port))
            {
                info.ArgumentList.Add(argument);
            }

            var process = Process.Start(info) ?? throw new InvalidOperationException("could not start anvil");
            var log = new LogTail();
            process.OutputDataReceived += (_, e) => log.Add(e.Data);
            process.ErrorDataReceived += (_, e) => log.Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var node = new LocalAnvil(process, log, port, options.ChainId);
            if (await node.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false))
            {
                return node;
            }
            await node.DisposeAsync().ConfigureAwait(false);
            // The port may have been taken between choosing and binding it: try another one.
            if (attempt == attempts || options.Port != 0)
            {
                throw new InvalidOperationException($"anvil did not start on port {port}: {log.Text}");
            }
        }
    }

    private static IEnumerable<string> Arguments(AnvilOptions options, int port)
    {
        yield return "--host";
        yield return "127.0.0.1";
        yield return "--port";
        yield return port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--chain-id";
        yield return options.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--accounts";
        yield return options.Accounts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (options.BlockTimeSeconds is { } blockTime)
        {
            yield return "--block-time";
            yield return blockTime.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (options.SlotsInAnEpoch is { } slots)
        {
            yield return "--slots-in-an-epoch";
            yield return slots.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (var extra in options.ExtraArguments)
        {
            yield return extra;
        }
    }

    private async Task<bool> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                return false;
            }
            try
            {
                using var response = await http.PostAsJsonAsync(
                    RpcUrl, new { jsonrpc = "2.0", id = 1, method = "eth_chainId", @params = Array.Empty<object>() }, cancellationToken)
                    .ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                    if (body.RootElement.TryGetProperty("result", out _))
                    {
                        return true;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The 2 s probe timed out; try again.
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (TimeoutException)
        {
            // Leave it to the OS; nothing else to do from here.
        }
        _process.Dispose();
    }
}
