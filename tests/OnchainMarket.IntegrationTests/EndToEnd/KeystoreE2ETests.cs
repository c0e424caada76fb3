using System.Text.RegularExpressions;
using OnchainMarket.Devnet;
using Xunit;

namespace OnchainMarket.IntegrationTests.EndToEnd;

/// <summary>
/// `omkt account` against Foundry's `cast wallet` (from npm): each reads the other's keystores, a wrong password or a
/// corrupt file is one line and exit code 2, and no output ever contains the private key.
/// </summary>
public sealed partial class KeystoreE2ETests : IDisposable
{
    // anvil's key 5: a known key, so the test can check that it never appears in any output.
    private const string Key = "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";
    private const string KeyAddress = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";

    private readonly string _folder = Directory.CreateDirectory(Path.Combine(RepoPaths.Root, ".build", "keystore-tests", Guid.NewGuid().ToString("N"))).FullName;

    [Fact]
    public async Task A_keystore_cast_wrote_unlocks_in_omkt_and_cast_accepts_the_one_omkt_wrote()
    {
        var password = Write("password.txt", "correct horse battery staple\n");

        // cast writes a keystore for a key; omkt derives the same address from it.
        var castDir = Directory.CreateDirectory(Path.Combine(_folder, "cast")).FullName;
        await ChildProcess.RunAsync(RepoPaths.Cast,
            ["wallet", "import", "imported", "--keystore-dir", castDir, "--private-key", Key, "--unsafe-password", "correct horse battery staple"], _folder);
        var castKeystore = Path.Combine(castDir, "imported");
        var read = await OmktCli.RunAsync(_folder, TimeSpan.FromMinutes(1), "account", "address", "--keystore", castKeystore, "--password-file", password);
        Assert.Equal(0, read.ExitCode);
        Assert.Equal(KeyAddress, read.Stdout.Trim(), ignoreCase: true);

        // omkt imports the same key; cast decrypts omkt's keystore to the same address.
        var keyFile = Write("key.hex", Key + "\n");
        var ours = Path.Combine(_folder, "ours.json");
        var imported = await OmktCli.RunAsync(_folder, TimeSpan.FromMinutes(1), "account", "import", "--key-file", keyFile, "--keystore", ours, "--password-file", password);
        Assert.Equal(0, imported.ExitCode);
        Assert.Equal(KeyAddress, imported.Stdout.Trim(), ignoreCase: true);
        var castAddress = await ChildProcess.RunAsync(RepoPaths.Cast, ["wallet", "address", "--keystore", ours, "--password", "correct horse battery staple"], _folder);
        Assert.Equal(KeyAddress, castAddress.Trim(), ignoreCase: true);

        // A fresh key: omkt prints only its address, cast agrees on it.
        var fresh = Path.Combine(_folder, "fresh.json");
        var created = await OmktCli.RunAsync(_folder, TimeSpan.FromMinutes(1), "account", "new", "--keystore", fresh, "--password-file", password);
        Assert.Equal(0, created.ExitCode);
        Assert.Matches(AddressLine(), created.Stdout);
        var freshAddress = await ChildProcess.RunAsync(RepoPaths.Cast, ["wallet", "address", "--keystore", fresh, "--password", "correct horse battery staple"], _folder);
        Assert.Equal(created.Stdout.Trim(), freshAddress.Trim(), ignoreCase: true);

        foreach (var output in new[] { read.Stdout, read.Stderr, imported.Stdout, imported.Stderr, created.Stdout, created.Stderr })
        {
            Assert.DoesNotContain(Key, output, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_wrong_password_or_a_corrupt_keystore_is_one_line_and_exit_code_2()
    {
        var password = Write("password.txt", "right\n");
        var keystore = Path.Combine(_folder, "k.json");
        Assert.Equal(0, (await OmktCli.RunAsync(_folder, TimeSpan.FromMinutes(1), "account", "new", "--keystore", keystore, "--password-file", password)).ExitCode);

        var wrong = await OmktCli.RunAsync(_folder, TimeSpan.FromMinutes(1), "account", "address", "--keystore", keystore, "--password-file", Write("wrong.txt", "wrong\n"));
        Assert.Equal(2, wrong.ExitCode);
        Assert.Equal($"omkt: --keystore {keystore}: wrong password", wrong.Stderr.Trim());

        var corrupt = Write("corrupt.json", File.ReadAllText(keystore)[..40]);
        // Private, like a real keystore: a shared one would add a permissions warning line.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(corrupt, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var broken = await OmktCli.RunAsync(_folder, TimeSpan.FromMinutes(1), "account", "address", "--keystore", corrupt, "--password-file", password);
        Assert.Equal(2, broken.ExitCode);
        Assert.Single(broken.Stderr.Trim().Split('\n'));
        Assert.StartsWith($"omkt: --keystore {corrupt} is not", broken.Stderr.Trim());

        // A signing command with the wrong password stops before it touches the chain.
        var signing = await OmktCli.RunAsync(_folder, TimeSpan.FromMinutes(1), "request", "cancel", "1", "--keystore", keystore, "--password-file", Write("wrong2.txt", "nope\n"));
        Assert.Equal(2, signing.ExitCode);
        Assert.Equal($"omkt: --keystore {keystore}: wrong password", signing.Stderr.Trim());

        // An existing keystore is never overwritten.
        var again = await OmktCli.RunAsync(_folder, TimeSpan.FromMinutes(1), "account", "new", "--keystore", keystore, "--password-file", password);
        Assert.Equal(2, again.ExitCode);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [GeneratedRegex(@"^0x[0-9a-fA-F]{40}\s*$")]
    private static partial Regex AddressLine();

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
