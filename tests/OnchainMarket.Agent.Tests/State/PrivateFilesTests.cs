using System.Numerics;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.State;
using Xunit;

namespace OnchainMarket.Agent.Tests.State;

public sealed class PrivateFilesTests : IDisposable
{
    private const UnixFileMode OthersAnything = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string _folder = Directory.CreateTempSubdirectory("omkt-private-").FullName;

    [Fact]
    public void Job_files_with_salts_are_0600_in_0700_folders_even_under_a_permissive_umask()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // unix permissions
        }
        // The operator's folder was made world-readable before the store was created in it.
        var state = Path.Combine(_folder, "state");
        Directory.CreateDirectory(state);
        File.SetUnixFileMode(state, (UnixFileMode)Convert.ToInt32("755", 8));

        var store = new JobStore(state);
        store.Save(new JobRecord
        {
            RequestId = 7,
            Mechanism = MarketMechanism.SealedBid,
            Phase = JobPhase.CommitPending,
            CircuitId = "0x" + new string('a', 64),
            Price = BigInteger.One,
            Salt = "0x" + new string('1', 64),
            PublicInputs = [],
        });

        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(state) & OthersAnything);
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.Combine(state, "jobs")) & OthersAnything);
        var jobFile = Directory.GetFiles(Path.Combine(state, "jobs")).Single();
        Assert.Equal(PrivateFiles.OwnerOnlyFile, File.GetUnixFileMode(jobFile));
    }

    [Fact]
    public void A_key_is_never_written_through_a_symlink_planted_at_its_path()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // unix permissions
        }
        var victim = Path.Combine(_folder, "victim.txt");
        File.WriteAllText(victim, "operator's file");
        var keyPath = Path.Combine(_folder, "prover1.key");
        File.CreateSymbolicLink(keyPath, victim);

        PrivateFiles.WriteNew(keyPath, "secret"u8);

        Assert.Equal("operator's file", File.ReadAllText(victim));
        Assert.Null(new FileInfo(keyPath).LinkTarget);
        Assert.Equal("secret", File.ReadAllText(keyPath));
        Assert.Equal(PrivateFiles.OwnerOnlyFile, File.GetUnixFileMode(keyPath));
    }

    [Fact]
    public void A_group_or_world_readable_key_gets_a_warning_naming_the_file_and_a_private_one_none()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // unix permissions
        }
        var keyPath = Path.Combine(_folder, "op.key");
        PrivateFiles.WriteNew(keyPath, "secret"u8);
        Assert.Null(PrivateFiles.SharedWarning(keyPath));

        File.SetUnixFileMode(keyPath, (UnixFileMode)Convert.ToInt32("644", 8));
        var warning = PrivateFiles.SharedWarning(keyPath);
        Assert.NotNull(warning);
        Assert.Contains(keyPath, warning, StringComparison.Ordinal);
        Assert.Contains("644", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_log_file_is_0600()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // unix permissions
        }
        var path = Path.Combine(_folder, "agent.log");
        using (var log = PrivateFiles.AppendLog(path))
        {
            log.WriteLine("x");
        }
        Assert.Equal(PrivateFiles.OwnerOnlyFile, File.GetUnixFileMode(path));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
