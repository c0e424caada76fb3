using OnchainMarket.Agent.Chain;
using OnchainMarket.Agent.Proving;
using OnchainMarket.Agent.State;
using OnchainMarket.Agent.Transactions;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Agent;

/// <summary>
/// H1 for the orderbook: a standing ask is matched by the requester's transaction, with no
/// decision of ours, so the request it brings was never pre-flighted. Our asks therefore buy an
/// acceptance window (<see cref="ProverAgentOptions.AskAcceptWindow"/>); inside it the match is
/// pre-flighted like any bid, and released unslashed if it fails or cannot be checked in time.
/// </summary>
public sealed partial class ProverAgent
{
    /// <summary>Seconds kept before the window ends for the release transaction to be mined.</summary>
    private const long ReleaseMarginSeconds = 6;

    /// <summary>Whether to prove the match: true once its pre-flight passed (or it can no longer be released).</summary>
    private async Task<bool> AcceptMatchAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var failure = await MatchFailureAsync(job, cancellationToken).ConfigureAwait(false);
        if (failure is not null && await ReleaseAsync(job, failure, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        if (failure is null)
        {
            _log.Info("match_accepted", ("request", job.RequestId), ("round", job.Round));
        }
        // Accepted, or no longer releasable: either way it is ours to prove, and a restart must not ask again.
        UpdateJob(job.RequestId, job.Round, j => j with { AcceptBy = 0 });
        return true;
    }

    /// <summary>Releases the match; false when the window closed first (the assignment stands, only a proof avoids the slash).</summary>
    private async Task<bool> ReleaseAsync(JobRecord job, string failure, CancellationToken cancellationToken)
    {
        try
        {
            await _chain.ReleaseAsync(job.RequestId, cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertException e)
        {
            _log.Warn("release_refused", ("request", job.RequestId), ("reason", failure), ("error", e.ErrorName ?? e.Message));
            return false;
        }
        _queue.Release(job.RequestId);
        UpdateJob(job.RequestId, job.Round, j => j with { Phase = JobPhase.Lost, Note = "released: " + failure });
        _log.Info("match_released", ("request", job.RequestId), ("round", job.Round), ("reason", failure));
        return true;
    }

    /// <summary>Why the matched request cannot be proved, or null when its pre-flight passed within the window.</summary>
    private async Task<string?> MatchFailureAsync(JobRecord job, CancellationToken cancellationToken)
    {
        SubmittedRequest? submitted;
        lock (_gate)
        {
            _submitted.TryGetValue(job.RequestId, out submitted);
        }
        var circuit = submitted is null ? null : Circuit(submitted.CircuitId, out _);
        if (submitted is null || circuit is null)
        {
            return "the request or its circuit is not known to this prover";
        }
        var budget = TimeSpan.FromSeconds(Math.Max(0, job.AcceptBy - Now() - ReleaseMarginSeconds));
        try
        {
            var outcome = await _preflight.RunToEndAsync(submitted, circuit).WaitAsync(budget, cancellationToken).ConfigureAwait(false);
            return outcome.Passed ? null : "pre-flight failed: " + outcome.Reason;
        }
        catch (TimeoutException)
        {
            return $"the pre-flight did not finish within the acceptance window (by {job.AcceptBy})";
        }
    }
}
