namespace OnchainMarket.Devnet;

/// <summary>Finds the PostgreSQL server programs (initdb, pg_ctl) of the Debian package.</summary>
internal static class PostgresBinaries
{
    public static string Directory()
    {
        var candidates = new List<string>();
        var fromEnvironment = Environment.GetEnvironmentVariable("OMKT_PG_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            candidates.Add(fromEnvironment);
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.Add(dir);
        }
        if (System.IO.Directory.Exists("/usr/lib/postgresql"))
        {
            // Debian keeps the server programs off PATH, one folder per major version: newest first.
            candidates.AddRange(System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "bin")));
        }

        foreach (var dir in candidates)
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }
        throw new FileNotFoundException(
            "PostgreSQL's initdb and pg_ctl were not found (PATH, /usr/lib/postgresql/*/bin, OMKT_PG_BIN): install the postgresql package (scripts/setup does).");
    }
}
