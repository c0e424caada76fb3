namespace OnchainMarket.Indexer.Schema;

/// <summary>One SQL migration file: its version (the file name without .sql, e.g. <c>0001_events</c>) and text.</summary>
/// <param name="Version">The file name without extension; migrations apply in ordinal order of it.</param>
/// <param name="Sql">The SQL text.</param>
public sealed record Migration(string Version, string Sql)
{
    /// <summary>SHA-256 of the text, recorded when applied so that an edited migration is noticed.</summary>
    public string Checksum => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Sql)));
}
