using System.Globalization;
using System.Numerics;
using System.Text;
using OnchainMarket.Agent.Agent;
using OnchainMarket.Agent.State;

namespace OnchainMarket.Agent.Metrics;

/// <summary>
/// The prover client's state in the Prometheus text exposition format (version 0.0.4), read from one
/// <see cref="AgentSnapshot"/>, and its readiness: ready once it follows the chain with its circuit breaker closed.
/// </summary>
public static class ProverMetrics
{
    /// <summary>The content type Prometheus expects for this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// The token label of earnings. The job store keeps no payment token per job, so earnings are one series, in the
    /// unit the agent prices in (ETH); a per-token split needs the token in <see cref="JobRecord"/>.
    /// </summary>
    public const string EarningsToken = "ETH";

    /// <summary>Phases past the proof: a job in one of them holds (or held) a verified-locally proof.</summary>
    private static readonly JobPhase[] Proved =
        [JobPhase.Proved, JobPhase.ProofCommitPending, JobPhase.ProofCommitted, JobPhase.FulfilPending, JobPhase.Fulfilled];

    /// <summary>Every metric of one snapshot; <paramref name="uptime"/> is how long the process has run.</summary>
    public static string Render(AgentSnapshot snapshot, TimeSpan uptime)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var text = new StringBuilder();
        var byPhase = snapshot.Jobs.GroupBy(j => j.Phase).ToDictionary(g => g.Key, g => g.Count());
        Header(text, "omkt_prover_jobs", "gauge", "Jobs in the store by phase (terminal phases included).");
        foreach (var phase in Enum.GetValues<JobPhase>())
        {
            Sample(text, "omkt_prover_jobs", $"phase=\"{phase}\"", byPhase.GetValueOrDefault(phase));
        }
        Metric(text, "omkt_prover_proofs_total", "counter", "Jobs whose proof was computed (proved, being delivered or paid).",
            snapshot.Jobs.Count(j => Proved.Contains(j.Phase)));
        Metric(text, "omkt_prover_fulfilled_total", "counter", "Jobs delivered and paid.", byPhase.GetValueOrDefault(JobPhase.Fulfilled));
        Metric(text, "omkt_prover_slashes_total", "counter", "Jobs on which this prover was slashed.", byPhase.GetValueOrDefault(JobPhase.Slashed));
        Metric(text, "omkt_prover_failed_total", "counter", "Jobs given up on.", byPhase.GetValueOrDefault(JobPhase.Failed));
        WeiMetric(text, "omkt_prover_gas_spent_wei", "counter", "Wei paid for gas by this prover's transactions since start.", snapshot.GasSpent);
        Header(text, "omkt_prover_earned_wei", "counter", "Payment received for fulfilled jobs, in the smallest unit of the payment token.");
        WeiSample(text, "omkt_prover_earned_wei", $"token=\"{EarningsToken}\"", snapshot.Earned);
        Metric(text, "omkt_prover_queued_jobs", "gauge", "Jobs waiting for a proving worker.", snapshot.Queued);
        Metric(text, "omkt_prover_capacity_jobs", "gauge", "Most jobs held at once.", snapshot.Capacity);
        Metric(text, "omkt_prover_open_requests", "gauge", "Open requests the agent is watching.", snapshot.OpenRequests);
        WeiMetric(text, "omkt_prover_total_stake_wei", "gauge", "The operator's stake in the vault.", snapshot.TotalStake);
        WeiMetric(text, "omkt_prover_free_stake_wei", "gauge", "Stake neither locked by a job nor queued for withdrawal.", snapshot.FreeStake);
        Metric(text, "omkt_prover_breaker_open", "gauge", "1 while the circuit breaker stops new bids.", snapshot.Breaker.Open ? 1 : 0);
        Metric(text, "omkt_prover_head_block", "gauge", "The last block the agent has read.", snapshot.Head);
        Metric(text, "omkt_prover_uptime_seconds", "gauge", "Seconds since the prover client started.", uptime.TotalSeconds);
        return text.ToString();
    }

    /// <summary>Ready while it follows the chain and its breaker is closed; the reason either way.</summary>
    public static (bool Ready, string Reason) Health(AgentSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Head <= 0)
        {
            return (false, "starting: no block read from the chain yet");
        }
        return snapshot.Breaker.Open
            ? (false, $"circuit breaker open: {snapshot.Breaker.Reason}")
            : (true, $"ok: block {snapshot.Head}, {snapshot.Jobs.Count(j => !IsTerminal(j.Phase))} jobs in hand");
    }

    private static bool IsTerminal(JobPhase phase) => phase is JobPhase.Fulfilled or JobPhase.Lost or JobPhase.Slashed or JobPhase.Failed;

    private static void Metric(StringBuilder text, string name, string type, string help, double value)
    {
        Header(text, name, type, help);
        Sample(text, name, null, value);
    }

    // Wei amounts exceed a double's 53-bit integer range: written as exact integers, which the format allows.
    private static void WeiMetric(StringBuilder text, string name, string type, string help, BigInteger value)
    {
        Header(text, name, type, help);
        WeiSample(text, name, null, value);
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string? labels, double value) =>
        Line(text, name, labels).Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');

    private static void WeiSample(StringBuilder text, string name, string? labels, BigInteger value) =>
        Line(text, name, labels).Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static StringBuilder Line(StringBuilder text, string name, string? labels) =>
        (labels is null ? text.Append(name) : text.Append(name).Append('{').Append(labels).Append('}')).Append(' ');
}
