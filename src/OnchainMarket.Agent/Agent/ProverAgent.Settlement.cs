using OnchainMarket.Agent.Settlement;
using OnchainMarket.Agent.State;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Agent;

/// <summary>Settling proofs: batched through the <see cref="BatchSettler"/> when enabled, alone otherwise.</summary>
public sealed partial class ProverAgent
{
    private readonly BatchSettler? _settler;

    /// <summary>Fulfils a proved job: held for a batch of its circuit when the options allow, else at once.</summary>
    private async Task SettleAsync(JobRecord job, CancellationToken cancellationToken)
    {
        if (_settler is null)
        {
            await FulfilAsync(job, cancellationToken).ConfigureAwait(false);
            return;
        }
        // Write-ahead as for a single fulfil: a restart finds the job owed and hands it over again.
        Save(job with { Phase = JobPhase.FulfilPending });
        var ready = new ReadyProof(job.RequestId, job.Round, Hash32.Parse(job.CircuitId), Now(), job.ProveBy > 0 ? job.ProveBy : job.Deadline);
        var outcome = await _settler.SettleAsync(ready, Words(job.Proof!), Words(job.PublicInputs)).ConfigureAwait(false);
        switch (outcome)
        {
            case SettlementOutcome.Batched batched:
                UpdateJob(job.RequestId, job.Round, j => j.Phase == JobPhase.Fulfilled ? j : j with
                {
                    Phase = JobPhase.Fulfilled,
                    Earned = batched.Fulfilled.Price + batched.Fulfilled.Bounty,
                    LastTransaction = batched.Fulfilled.TransactionHash.ToString(),
                });
                _log.Info("fulfilled_in_batch", ("request", job.RequestId), ("size", batched.BatchSize), ("gasPerProof", batched.GasPerProof));
                break;
            case SettlementOutcome.Alone alone:
                _log.Info("settling_alone", ("request", job.RequestId), ("reason", alone.Reason));
                await FulfilAsync(job, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The tick's settlement stage: sends the batches that are due.</summary>
    private Task FlushBatchesAsync(long now, CancellationToken cancellationToken) =>
        _settler?.FlushAsync(now, all: false, cancellationToken) ?? Task.CompletedTask;

    /// <summary>On stop, held proofs are sent rather than left to their windows.</summary>
    private async Task DrainBatchesAsync()
    {
        if (_settler is null)
        {
            return;
        }
        try
        {
            await _settler.FlushAsync(Now(), all: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The jobs are saved as owed: the next start delivers them.
            _log.Warn("batch_drain_failed", ("error", e.Message));
        }
    }
}
