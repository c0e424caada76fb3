using System.Globalization;

namespace OnchainMarket.Devnet;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a fresh temporary folder (0700), pg_ctl start on a
/// free loopback port, SCRAM authentication with a random password made for this cluster (a
/// trust cluster on a TCP port would make every local user its superuser, and COPY ... TO PROGRAM
/// runs commands as the server's user), fsync off (nothing in it must survive a crash of the
/// machine), and the folder deleted on dispose. initdb and pg_ctl refuse to run as root, so as
/// root they run as the `postgres` user through runuser, in a folder that user owns.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly string _pgCtl;
    private bool _stopped;

    private LocalPostgres(string dataDirectory, string pgCtl, int port, string password)
    {
        _dataDirectory = dataDirectory;
        _pgCtl = pgCtl;
        Port = port;
        Password = password;
    }

    public int Port { get; }

    /// <summary>The superuser's password: random, made for this cluster, never written outside it.</summary>
    public string Password { get; }

    /// <summary>Connection string for the `postgres` database as the superuser.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password};Database={database};Pooling=true;Include Error Detail=true";

    public static async Task<LocalPostgres> StartAsync(CancellationToken cancellationToken = default)
    {
        var binDirectory = PostgresBinaries.Directory();
        var initdb = Path.Combine(binDirectory, "initdb");
        var pgCtl = Path.Combine(binDirectory, "pg_ctl");

        // Temporary folders are created 0700; the password file inside its own one, removed after initdb.
        var dataDirectory = Directory.CreateTempSubdirectory("omkt-pg-").FullName;
        var secrets = Directory.CreateTempSubdirectory("omkt-pg-pw-").FullName;
        var password = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var passwordFile = Path.Combine(secrets, "pw");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(passwordFile, options))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(password + "\n"));
        }
        var asRoot = Environment.UserName == "root";
        try
        {
            if (asRoot)
            {
                await ChildProcess.RunAsync("chown", ["-R", "postgres:postgres", dataDirectory, secrets], cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
            }

            await RunAsync(asRoot, initdb,
                ["-D", dataDirectory, "-U", "postgres", "--auth=scram-sha-256", $"--pwfile={passwordFile}", "--encoding=UTF8", "--no-sync", "--no-instructions"],
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(secrets, recursive: true);
        }

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
                return new LocalPostgres(dataDirectory, pgCtl, port, password);
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
