using System.Numerics;
using OnchainMarket.Agent.Settlement;

namespace OnchainMarket.Agent.Agent;

/// <summary>How a prover agent behaves.</summary>
public sealed record ProverAgentOptions
{
    /// <summary>Where jobs, salts and the breaker are persisted.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>
    /// Most jobs held at once (pending bids included); also declared on chain. With a <see cref="Fleet"/>
    /// it is the ceiling: the agent declares one job per live worker, up to it (<see cref="Scheduling.FleetCapacity"/>).
    /// </summary>
    public int Capacity { get; init; } = 2;

    /// <summary>Proofs computed in parallel.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Join proof races (open fulfilment) when they pay.</summary>
    public bool AllowRacing { get; init; }

    /// <summary>Keep standing asks in the orderbook for the circuits this prover serves.</summary>
    public bool PlaceAsks { get; init; } = true;

    /// <summary>Lifetime of each standing ask before it is renewed.</summary>
    public TimeSpan AskLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Most callback gas a request matched to this prover's asks may demand (bound in the ask).</summary>
    public long AskMaxCallbackGas { get; init; } = 2_000_000;

    /// <summary>
    /// Seconds after a match by one of our asks in which we may release it unslashed; the match is
    /// pre-flighted in that time (at most the market's 15 minutes, and never past the proving window).
    /// </summary>
    public long AskAcceptWindow { get; init; } = 120;

    /// <summary>Slash late provers, finalize and expire requests for the keeper reward.</summary>
    public bool Keeper { get; init; } = true;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>Seconds kept in hand between a planned proof and its due time.</summary>
    public long SafetySeconds { get; init; } = 4;

    /// <summary>Longest the resolution of one circuit (registry reads and fetches) may take.</summary>
    public TimeSpan CircuitDeadline { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a circuit that could not be resolved is left alone before it is tried again.</summary>
    public TimeSpan CircuitRetryAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest a request's pre-flight (input fetch and witness) may take before it is skipped.</summary>
    public TimeSpan PreflightTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Memory cap of a witness generator (they are the circuit registrant's code).</summary>
    public long MaxWitnessMemoryBytes { get; init; } = 2L << 30;

    /// <summary>Batch settlement: ready proofs of one circuit held up to a wait and sent in one <c>fulfillBatch</c>; null settles each alone.</summary>
    public BatchOptions? Batch { get; init; }

    /// <summary>
    /// A fleet of workers that proves instead of this process (<c>omkt prover run --queue-db</c>);
    /// null proves in-process with <see cref="Workers"/> parallel proofs.
    /// </summary>
    public Proving.IRemoteProver? Fleet { get; init; }

    /// <summary>With a <see cref="Fleet"/>: the least time between two lowerings of the declared capacity (a rise is sent at once).</summary>
    public TimeSpan FleetCapacityInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Fault injection for demos and tests: true for a job this prover must fail to deliver.</summary>
    public Func<BigInteger, bool>? FailJob { get; init; }

    /// <summary>Fault injection for tests: true for a job whose proof comes out wrong (as from a faulty GPU).</summary>
    public Func<BigInteger, bool>? CorruptProof { get; init; }

    /// <summary>Fault injection for tests: called at named points (e.g. "commit_persisted"); throwing there simulates a crash.</summary>
    public Action<string, BigInteger>? CrashPoint { get; init; }
}
