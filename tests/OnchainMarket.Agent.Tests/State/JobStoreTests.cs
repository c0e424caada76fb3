using System.Numerics;
using OnchainMarket.Agent.Pricing;
using OnchainMarket.Agent.State;
using Xunit;

namespace OnchainMarket.Agent.Tests.State;

public sealed class JobStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("omkt-jobs-").FullName;

    private static JobRecord Commit(BigInteger id, string salt) => new()
    {
        RequestId = id,
        Mechanism = MarketMechanism.SealedBid,
        Phase = JobPhase.CommitPending,
        CircuitId = "0x" + new string('a', 64),
        Price = BigInteger.Parse("123456789012345678901234567890"),
        Salt = salt,
        CommitDeadline = 1_700_000_020,
        RevealDeadline = 1_700_000_040,
        PublicInputs = ["1", "21888242871839275222246405745257275088548364400416034343698204186575808495616"],
    };

    [Fact]
    public void A_saved_job_reads_back_exactly()
    {
        var store = new JobStore(_folder);
        var record = Commit(5, "0x" + new string('1', 64));
        store.Save(record);

        var loaded = new JobStore(_folder).Find(5, 0);

        Assert.NotNull(loaded);
        Assert.Equal(record.Price, loaded.Price);
        Assert.Equal(record.Salt, loaded.Salt);
        Assert.Equal(record.PublicInputs, loaded.PublicInputs);
        Assert.Equal(JobPhase.CommitPending, loaded.Phase);
    }

    [Fact]
    public void A_crash_between_persisting_a_commit_and_sending_it_leaves_the_salt_to_resend_with()
    {
        // The prover saved the pending commit, then died before (or while) sending it: the restart
        // must find the job unfinished with the very salt the commitment hash was computed from.
        var salt = "0x" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        new JobStore(_folder).Save(Commit(11, salt));
        // And the crash also interrupted a later save, leaving a torn temporary file next to it.
        File.WriteAllText(Path.Combine(_folder, "jobs", ".11-r0.json.deadbeef.tmp"), "{\"RequestId\": \"11\", \"Pha");

        var restarted = new JobStore(_folder);
        var owed = restarted.LoadUnfinished();

        var job = Assert.Single(owed);
        Assert.Equal(new BigInteger(11), job.RequestId);
        Assert.Equal(salt, job.Salt);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_folder, "jobs"), "*.tmp"));
    }

    [Fact]
    public void Each_save_replaces_the_previous_state_and_terminal_jobs_are_not_owed()
    {
        var store = new JobStore(_folder);
        var record = Commit(3, "0x" + new string('2', 64));
        store.Save(record);
        store.Save(record with { Phase = JobPhase.Committed, LastTransaction = "0x01" });
        Assert.Equal(JobPhase.Committed, store.Find(3, 0)!.Phase);

        store.Save(record with { Phase = JobPhase.Lost });
        Assert.Empty(store.LoadUnfinished());
        Assert.Single(store.LoadAll());
    }

    [Fact]
    public void Rounds_of_one_request_are_kept_apart()
    {
        var store = new JobStore(_folder);
        store.Save(Commit(8, "0x" + new string('3', 64)) with { Phase = JobPhase.Lost });
        store.Save(Commit(8, "0x" + new string('4', 64)) with { Round = 1, Mechanism = MarketMechanism.Dutch, Phase = JobPhase.Assigned });
        Assert.Equal(2, store.LoadAll().Count);
        Assert.Equal(MarketMechanism.Dutch, Assert.Single(store.LoadUnfinished()).Mechanism);
    }

    [Fact]
    public void A_corrupt_job_file_is_reported_by_name()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "jobs"));
        File.WriteAllText(Path.Combine(_folder, "jobs", "9-r0.json"), "not json");
        var error = Assert.Throws<InvalidDataException>(() => new JobStore(_folder).LoadAll());
        Assert.Contains("9-r0.json", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
