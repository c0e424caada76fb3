using System.Globalization;

namespace OnchainMarket.Devnet;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a fresh temporary folder, pg_ctl start on a free
/// loopback port, trust authentication, fsync off (nothing in it must survive a crash of the
/// machine), and the folder deleted on dispose. initdb and pg_ctl refuse to run as root, so as
/// root they run as the `postgres` user through runuser, in a folder that user owns.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly string _pgCtl;
    private bool _stopped;

    private LocalPostgres(string dataDirectory, string pgCtl, int port)
    {
        _dataDirectory = dataDirectory;
        _pgCtl = pgCtl;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Connection string for the `postgres` database as the superuser.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Include Error Detail=true";

    public static async Task<LocalPostgres> StartAsync(CancellationToken cancellationToken = default)
    {
        var binDirectory = PostgresBinaries.Directory();
        var initdb = Path.Combine(binDirectory, "initdb");
        var pgCtl = Path.Combine(binDirectory, "pg_ctl");

        var dataDirectory = Directory.CreateTempSubdirectory("omkt-pg-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await ChildProcess.RunAsync("chown", ["-R", "postgres:postgres", dataDirectory], cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }

        await RunAsync(asRoot, initdb,
            ["-D", dataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"],
            cancellationToken).ConfigureAwait(false);

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var settings = string.Join(' ',
                $"-p {port.ToString(CultureInfo.InvariantCulture)}",
                "-c listen_addresses=127.0.0.1",
                $"-c unix_socket_directories={dataDirectory}",
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "-c max_connections=200 -c shared_buffers=128MB");
            try
            {
                await RunAsync(asRoot, pgCtl,
                    ["-D", dataDirectory, "-o", settings, "-l", Path.Combine(dataDirectory, "server.log"), "-w", "-t", "60", "start"],
                    cancellationToken).ConfigureAwait(false);
                return new LocalPostgres(dataDirectory, pgCtl, port);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Most likely the port was taken between choosing and binding it.
            }
        }
    }

    private static Task<string> RunAsync(bool asRoot, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        asRoot
            ? ChildProcess.RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments], "/", cancellationToken: cancellationToken)
            : ChildProcess.RunAsync(program, arguments, "/", cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        try
        {
            await RunAsync(Environment.UserName == "root", _pgCtl, ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the folder is removed either way.
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying server process: leave it to the temp cleaner.
        }
    }
}
