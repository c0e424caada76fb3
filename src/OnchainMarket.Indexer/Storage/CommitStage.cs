namespace OnchainMarket.Indexer.Storage;

/// <summary>Points inside a commit where tests inject a failure to prove that a half-done batch leaves no trace.</summary>
public enum CommitStage
{
    /// <summary>The rows are in the staging tables, not yet in the event tables.</summary>
    AfterCopy,
    /// <summary>Everything is written; the transaction is about to commit.</summary>
    BeforeCommit,
}
