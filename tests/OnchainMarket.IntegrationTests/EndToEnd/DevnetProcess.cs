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

    public static async Task<DevnetProcess> StartAsync(int provers = 2)
    {
        var folder = Directory.CreateTempSubdirectory("omkt-e2e-").FullName;
        var process = await OmktCli.StartAsync(folder, "devnet", "up", "--port", "0", "--provers", provers.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
