using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace OnchainMarket.Agent.Logging;

/// <summary>
/// Structured logs: one JSON object per line (or key=value pairs) to a writer, and an event for
/// live displays. Values are written invariantly; wei amounts stay exact integers (as strings in JSON).
/// </summary>
public sealed class StructuredLog(TextWriter? writer, string source, bool json = true)
{
    private static readonly Lock WriteGate = new();

    /// <summary>Raised for each entry (the live status view listens).</summary>
    public event Action<LogEntry>? Written;

    public string Source { get; } = source;

    /// <summary>A log for another component writing to the same place.</summary>
    public StructuredLog For(string otherSource)
    {
        var child = new StructuredLog(writer, otherSource, json);
        child.Written += e => Written?.Invoke(e);
        return child;
    }

    public void Info(string evt, params (string Key, object? Value)[] fields) => Write("info", evt, fields);

    public void Warn(string evt, params (string Key, object? Value)[] fields) => Write("warn", evt, fields);

    public void Error(string evt, params (string Key, object? Value)[] fields) => Write("error", evt, fields);

    private void Write(string level, string evt, (string Key, object? Value)[] fields)
    {
        var entry = new LogEntry(DateTimeOffset.UtcNow, level, Source, evt, [.. fields.Select(f => new KeyValuePair<string, object?>(f.Key, f.Value))]);
        Written?.Invoke(entry);
        if (writer is null)
        {
            return;
        }
        var line = json ? ToJson(entry) : ToKeyValue(entry);
        lock (WriteGate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    public static string ToJson(LogEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", entry.Time.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("level", entry.Level);
            json.WriteString("source", entry.Source);
            json.WriteString("event", entry.Event);
            foreach (var (key, value) in entry.Fields)
            {
                switch (value)
                {
                    case null:
                        json.WriteNull(key);
                        break;
                    case bool b:
                        json.WriteBoolean(key, b);
                        break;
                    case int or long or double:
                        json.WritePropertyName(key);
                        json.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                        break;
                    default:
                        json.WriteString(key, Format(value));
                        break;
                }
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string ToKeyValue(LogEntry entry)
    {
        var builder = new StringBuilder()
            .Append("time=").Append(entry.Time.ToString("O", CultureInfo.InvariantCulture))
            .Append(" level=").Append(entry.Level)
            .Append(" source=").Append(entry.Source)
            .Append(" event=").Append(entry.Event);
        foreach (var (key, value) in entry.Fields)
        {
            var text = Format(value);
            builder.Append(' ').Append(key).Append('=');
            builder.Append(NeedsQuoting(text) ? JsonSerializer.Serialize(text) : text);
        }
        return builder.ToString();
    }

    /// <summary>
    /// Values from the chain (names, URIs, revert texts) are written by strangers: a newline, a tab or
    /// a quote in one would forge a log line or a field, so any of them gets the value JSON-quoted
    /// (control characters escaped as \n, \t, \u001b ...).
    /// </summary>
    private static bool NeedsQuoting(string text)
    {
        if (text.Length == 0)
        {
            return true;
        }
        foreach (var c in text)
        {
            if (c is ' ' or '"' or '=' or '\\' || char.IsControl(c) || char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
            {
                return true;
            }
        }
        return false;
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        BigInteger b => b.ToString(CultureInfo.InvariantCulture),
        TimeSpan t => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
