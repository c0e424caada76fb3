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

    /// <summary>Quotes an identifier for SQL text when it is not a plain lower-case name.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
