using System.Collections.Concurrent;
using System.Numerics;
using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Logging;
using OnchainMarket.Ethereum;
using OnchainMarket.Prover.Bn254;
using OnchainMarket.Prover.Witness;

namespace OnchainMarket.Agent.Proving;

/// <summary>
/// Everything that can make a request unprovable, checked before the prover commits to it (bids,
/// locks, races): the proving key's verification key hashes to the registered circuit id, the
/// request has as many public inputs as the key, the input is fetched under the fetch policy and
/// matches its hash, the witness generator runs on it within its limits, produces exactly the
/// zkey's number of signals, and its public signals equal the request's public inputs. A request
/// that fails is skipped, never bid on: the requester's mistake or malice cannot become a slash.
/// Runs off the agent's loop, one at a time (it costs a witness calculation); results are kept
/// per request, and the key check per circuit.
/// </summary>
public sealed class Preflight(CircuitLibrary library, StructuredLog log)
{
    private readonly ConcurrentDictionary<BigInteger, Lazy<Task<PreflightOutcome>>> _requests = new();
    private readonly ConcurrentDictionary<Hash32, Lazy<Task<(ZkeyCheck? Key, string? Failure)>>> _keys = new();
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Longest one pre-flight (fetch and witness) may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Memory cap of the witness generator.</summary>
    public long MaxWitnessMemoryBytes { get; init; } = WitnessLimits.Default.MaxMemoryBytes;

    /// <summary>The outcome for a request, or null while it is still running (it is started on the first call).</summary>
    public PreflightOutcome? TryGet(SubmittedRequest request, CircuitFiles circuit)
    {
        var task = _requests.GetOrAdd(request.Id, _ => new Lazy<Task<PreflightOutcome>>(() => Task.Run(() => RunAsync(request, circuit)))).Value;
        return task.IsCompleted ? task.Result : null;
    }

    /// <summary>Waits for a request's pre-flight (tests, recovery).</summary>
    public Task<PreflightOutcome> RunToEndAsync(SubmittedRequest request, CircuitFiles circuit)
    {
        TryGet(request, circuit);
        return _requests[request.Id].Value;
    }

    /// <summary>The input a passed pre-flight verified, so proving never fetches it a second time.</summary>
    public string? VerifiedInput(BigInteger requestId) =>
        _requests.TryGetValue(requestId, out var entry) && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully && entry.Value.Result.Passed
            ? entry.Value.Result.InputJson
            : null;

    /// <summary>Whether the circuit's proving key matches its registered id: null while checking, else the failure (empty when it matches).</summary>
    public string? KeyFailure(CircuitFiles circuit)
    {
        var task = KeyAsync(circuit);
        return task.IsCompleted ? task.Result.Failure ?? string.Empty : null;
    }

    private Task<(ZkeyCheck? Key, string? Failure)> KeyAsync(CircuitFiles circuit) =>
        _keys.GetOrAdd(circuit.CircuitId, _ => new Lazy<Task<(ZkeyCheck?, string?)>>(() => Task.Run<(ZkeyCheck?, string?)>(() =>
        {
            try
            {
                var key = ZkeyCheck.Read(circuit.ZkeyPath);
                if (key.KeyCircuitId != circuit.CircuitId)
                {
                    return (null, $"the proving key's verification key hashes to circuit id {key.KeyCircuitId}, the registry's circuit is {circuit.CircuitId}: its proofs would be rejected");
                }
                return (key, null);
            }
            catch (Exception e)
            {
                return (null, $"the proving key cannot be read ({e.Message})");
            }
        }))).Value;

    private async Task<PreflightOutcome> RunAsync(SubmittedRequest request, CircuitFiles circuit)
    {
        var outcome = await CheckAsync(request, circuit).ConfigureAwait(false);
        if (outcome.Passed)
        {
            log.Info("preflight_passed", ("request", request.Id), ("circuit", circuit.Name));
        }
        else
        {
            log.Warn("preflight_failed", ("request", request.Id), ("circuit", circuit.Name), ("reason", outcome.Reason));
        }
        return outcome;
    }

    private async Task<PreflightOutcome> CheckAsync(SubmittedRequest request, CircuitFiles circuit)
    {
        var terms = request.Terms;
        var (key, failure) = await KeyAsync(circuit).ConfigureAwait(false);
        if (key is null)
        {
            return PreflightOutcome.Fail(failure!);
        }
        if (terms.PublicInputs.Count != key.NPublic)
        {
            return PreflightOutcome.Fail($"the request gives {terms.PublicInputs.Count} public inputs, the circuit has {key.NPublic}");
        }
        if (terms.PublicInputs.Any(v => v.Sign < 0 || v >= Fr.Modulus))
        {
            return PreflightOutcome.Fail("a public input is not a field element");
        }

        await _oneAtATime.WaitAsync().ConfigureAwait(false);
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            var input = await InputAsync(terms, deadline.Token).ConfigureAwait(false);
            var limits = new WitnessLimits { Timeout = Timeout, MaxWitnessSize = key.NVars, MaxMemoryBytes = MaxWitnessMemoryBytes };
            var signals = await Task.Run(() =>
            {
                using var calculator = new WitnessCalculator(circuit.WasmPath, limits: limits);
                var witness = calculator.Calculate(CircuitInput.Parse(input, "the request's input"), deadline.Token);
                if (witness.Count != key.NVars)
                {
                    throw new InvalidDataException($"the witness generator gives {witness.Count} signals, the proving key expects {key.NVars}");
                }
                return Enumerable.Range(1, key.NPublic)
                    .Select(i => new BigInteger(witness.Values.AsSpan(i * witness.N8, witness.N8), isUnsigned: true, isBigEndian: false))
                    .ToArray();
            }, deadline.Token).ConfigureAwait(false);
            if (!signals.SequenceEqual(terms.PublicInputs))
            {
                return PreflightOutcome.Fail($"the witness gives public signals [{Shown(signals)}], the request expects [{Shown(terms.PublicInputs)}]");
            }
            return new PreflightOutcome(true, "witness matches the request's public inputs", input);
        }
        catch (OperationCanceledException)
        {
            return PreflightOutcome.Fail($"not done within {Timeout.TotalSeconds:0} s");
        }
        catch (Exception e)
        {
            // Whatever the input or the generator did, it is this request's failure.
            return PreflightOutcome.Fail(e.Message);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<string> InputAsync(RequestTerms terms, CancellationToken cancellationToken)
    {
        byte[] bytes;
        if (terms.WitnessInline.Length > 0)
        {
            bytes = terms.WitnessInline;
        }
        else
        {
            bytes = await library.Fetcher.FetchBytesAsync(terms.WitnessUri, library.Policy.MaxInputBytes, cancellationToken).ConfigureAwait(false);
            var actual = Keccak256.Hash(bytes);
            if (actual != terms.WitnessHash)
            {
                throw new InvalidDataException($"the input at {SafeFetcher.Shown(terms.WitnessUri)} has keccak256 {actual}, the request says {terms.WitnessHash}");
            }
        }
        if (bytes.Length > library.Policy.MaxInputBytes)
        {
            throw new InvalidDataException($"the input is {bytes.Length} bytes, above the limit of {library.Policy.MaxInputBytes}");
        }
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    private static string Shown(IEnumerable<BigInteger> values) => string.Join(", ", values.Take(8)) + (values.Skip(8).Any() ? ", …" : "");
}
