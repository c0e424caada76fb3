using System.Text;

namespace OnchainMarket.Indexer.Catalog;

/// <summary>Turns Solidity identifiers into Postgres identifiers: <c>RequestSubmitted</c> → <c>request_submitted</c>, <c>metadataURI</c> → <c>metadata_uri</c>.</summary>
public static class SqlNames
{
    /// <summary>snake_case of a Solidity identifier; leading underscores (a Solidity habit for parameters) are dropped.</summary>
    public static string Snake(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var text = identifier.TrimStart('_');
        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsUpper(c))
            {
                var previous = i > 0 ? text[i - 1] : '\0';
                var next = i + 1 < text.Length ? text[i + 1] : '\0';
                // A new word starts at an upper-case letter after a lower-case one or a digit, or at the last
                // capital of an acronym that is followed by a lower-case letter (URIHash → uri_hash).
                var boundary = i > 0 && previous != '_'
                    && (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && char.IsLower(next)));
                if (boundary)
                {
                    builder.Append('_');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>Postgres' reserved key words: a column may not be named after one without quoting.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast", "check",
        "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role", "current_time",
        "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except",
        "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into",
        "lateral", "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order",
        "placing", "primary", "references", "returning", "select", "session_user", "some", "symmetric", "system_user",
        "table", "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where",
        "window", "with",
    };

    /// <summary>True for a name Postgres reserves (<c>to</c>, <c>from</c>, <c>user</c>...).</summary>
    public static bool IsReserved(string name) => Reserved.Contains(name);
}
