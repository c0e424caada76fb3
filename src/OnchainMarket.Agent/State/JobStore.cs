using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using OnchainMarket.Agent.Safety;

namespace OnchainMarket.Agent.State;

/// <summary>
/// The prover's durable memory: one JSON file per job (request and round) and one for the
/// circuit breaker, in a folder of the operator's choosing. Every save is atomic (temp file,
/// fsync, rename, fsync of the folder) and callers save BEFORE sending the transaction a change
/// prepares, so a crash at any point leaves a record that says what may be in flight.
/// </summary>
public sealed class JobStore
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new BigIntegerJsonConverter(), new JsonStringEnumConverter() },
    };

    private readonly Lock _gate = new();

    public JobStore(string directory)
    {
        Directory = PrivateFiles.CreateFolder(directory);
        PrivateFiles.CreateFolder(JobsDirectory);
        RemoveTemporaryFiles();
    }

    public string Directory { get; }

    private string JobsDirectory => Path.Combine(Directory, "jobs");

    private string BreakerPath => Path.Combine(Directory, "breaker.json");

    public void Save(JobRecord record)
    {
        var stamped = record with { UpdatedAt = DateTimeOffset.UtcNow };
        lock (_gate)
        {
            AtomicFile.WriteAllBytes(PathFor(stamped.RequestId, stamped.Round), JsonSerializer.SerializeToUtf8Bytes(stamped, Json));
        }
    }

    public JobRecord? Find(BigInteger requestId, int round)
    {
        var path = PathFor(requestId, round);
        return File.Exists(path) ? Read(path) : null;
    }

    /// <summary>Every saved job, oldest request first.</summary>
    public IReadOnlyList<JobRecord> LoadAll() =>
        [.. System.IO.Directory.EnumerateFiles(JobsDirectory, "*.json")
            .Select(Read)
            .OrderBy(r => r.RequestId)
            .ThenBy(r => r.Round)];

    /// <summary>Jobs not yet finished: what a restarted prover still owes.</summary>
    public IReadOnlyList<JobRecord> LoadUnfinished() => [.. LoadAll().Where(r => !r.IsTerminal)];

    public BreakerState LoadBreaker()
    {
        if (!File.Exists(BreakerPath))
        {
            return BreakerState.Closed;
        }
        return JsonSerializer.Deserialize<BreakerState>(File.ReadAllBytes(BreakerPath), Json)
            ?? throw new InvalidDataException($"{BreakerPath} is empty");
    }

    public void SaveBreaker(BreakerState state) =>
        AtomicFile.WriteAllBytes(BreakerPath, JsonSerializer.SerializeToUtf8Bytes(state, Json));

    private string PathFor(BigInteger requestId, int round) =>
        Path.Combine(JobsDirectory, string.Create(CultureInfo.InvariantCulture, $"{requestId}-r{round}.json"));

    private static JobRecord Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<JobRecord>(File.ReadAllBytes(path), Json)
                ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the job file {path} is not valid: {e.Message}", e);
        }
    }

    private void RemoveTemporaryFiles()
    {
        // A crash during a save leaves its temporary file behind; the target still holds the old record.
        foreach (var folder in new[] { Directory, JobsDirectory })
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*" + AtomicFile.TemporarySuffix))
            {
                File.Delete(file);
            }
        }
    }
}
