using System.Globalization;

namespace OnchainMarket.Agent.Units;

/// <summary>Durations written as <c>90s</c>, <c>5m</c>, <c>2h</c> or a bare number of seconds.</summary>
public static class DurationText
{
    /// <summary>Parses a whole-number duration; throws <see cref="FormatException"/> naming the problem.</summary>
    public static TimeSpan Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("a duration is required (for example 90s, 5m or 2h)");
        }
        var trimmed = text.Trim();
        var (number, unit) = trimmed[^1] switch
        {
            's' or 'S' => (trimmed[..^1], 1L),
            'm' or 'M' => (trimmed[..^1], 60L),
            'h' or 'H' => (trimmed[..^1], 3600L),
            'd' or 'D' => (trimmed[..^1], 86400L),
            _ => (trimmed, 1L),
        };
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > long.MaxValue / unit / 1000)
        {
            throw new FormatException($"'{text}' is not a valid duration (expected a whole number with s, m, h or d)");
        }
        return TimeSpan.FromSeconds(count * unit);
    }
}
