using System.Net.Http.Json;
using System.Text.Json;

namespace OnchainMarket.IntegrationTests.EndToEnd;

/// <summary>`omkt devnet up` in a temporary folder: addresses at .devnet/addresses.json, keys at .devnet/&lt;role&gt;.key.</summary>
internal sealed class DevnetProcess : IAsyncDisposable
{
    private DevnetProcess(string folder, RunningOmkt process)
    {
        Folder = folder;
        Process = process;
    }

    public string Folder { get; }

    public RunningOmkt Process { get; }

    public string Key(string role) => Path.Combine(Folder, ".devnet", role + ".key");

    /// <param name="collateral">`--collateral`: vault (the RestakingVault) or symbiotic.</param>
    public static async Task<DevnetProcess> StartAsync(int provers = 2, string collateral = "vault")
    {
        var folder = Directory.CreateTempSubdirectory("omkt-e2e-").FullName;
        var process = await OmktCli.StartAsync(folder, "devnet", "up", "--port", "0", "--provers", provers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--collateral", collateral);
        var devnet = new DevnetProcess(folder, process);
        try
        {
            await process.WaitForAsync("press Ctrl-C to stop", TimeSpan.FromMinutes(5));
            return devnet;
        }
        catch
        {
            await devnet.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Moves the chain's clock <paramref name="seconds"/> ahead and mines a block: tests wait for
    /// chain windows this way, never on the wall clock, so a slow machine cannot make them late.
    /// </summary>
    public async Task AdvanceClockAsync(int seconds)
    {
        using var addresses = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, ".devnet", "addresses.json")));
        var rpc = addresses.RootElement.GetProperty("rpcUrl").GetString()!;
        using var http = new HttpClient();
        foreach (var (method, parameters) in new (string, object[])[] { ("evm_increaseTime", [seconds]), ("evm_mine", []) })
        {
            using var response = await http.PostAsJsonAsync(rpc, new { jsonrpc = "2.0", id = 1, method, @params = parameters });
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>
    /// The operator's circuit files (.wasm, .zkey) in a folder of the devnet: a prover never reads
    /// local paths a registry URI names (hostile-input policy), so it is given its own copy.
    /// </summary>
    public string CopyOperatorCircuits() => OnchainMarket.Devnet.Deploy.CircuitBuilder.CopyCircuitFilesTo(Path.Combine(Folder, "circuits"));

    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan timeout, params string[] arguments) =>
        OmktCli.RunAsync(Folder, timeout, arguments);

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying child: the temp cleaner gets it.
        }
    }
}
