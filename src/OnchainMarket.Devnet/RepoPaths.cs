namespace OnchainMarket.Devnet;

/// <summary>
/// Locations inside a checkout of the repository: its root (the folder holding OnchainMarket.sln)
/// and the tool binaries that scripts/setup installs into node_modules.
/// </summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root; OMKT_REPO_ROOT overrides the search (for published builds run elsewhere).</summary>
    public static string Root => LazyRoot.Value;

    public static string Forge => Tool("@foundry-rs/forge-linux-amd64/bin/forge");

    public static string Anvil => Tool("@foundry-rs/anvil-linux-amd64/bin/anvil");

    public static string Cast => Tool("@foundry-rs/cast-linux-amd64/bin/cast");

    /// <summary>snarkjs's CLI script; run it with node.</summary>
    public static string Snarkjs => Tool("snarkjs/build/cli.cjs");

    /// <summary>circom compiled to wasm, run with node.</summary>
    public static string Circom => Path.Combine(Root, "node_modules", ".bin", "circom2");

    public static string NodeModules => Path.Combine(Root, "node_modules");

    /// <summary>Forge's artifact folder (out/).</summary>
    public static string ForgeArtifacts => Path.Combine(Root, "out");

    private static string Tool(string relative)
    {
        var path = Path.Combine(Root, "node_modules", relative);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: run scripts/setup to install the project's tools.", path);
        }
        return path;
    }

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("OMKT_REPO_ROOT");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "OnchainMarket.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new DirectoryNotFoundException(
            "Cannot find the repository root (a folder holding OnchainMarket.sln) above the program or the current directory; set OMKT_REPO_ROOT.");
    }
}
