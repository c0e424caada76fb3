using System.Globalization;
using System.Text.RegularExpressions;

namespace OnchainMarket.Agent.Tests.Metrics;

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4, as much of it as a scrape relies on: every line
/// is a HELP, a TYPE or a sample; a metric's HELP and TYPE come once, before its samples, with a known type; names and
/// label names are valid; label values are quoted with only \\, \" and \n escaped; values are numbers; counters are
/// never negative; the text ends with a newline and has no blank line. Anything else throws with the line.
/// </summary>
internal static partial class PrometheusText
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    /// <summary>The samples, keyed by name plus its label set as written (<c>omkt_prover_jobs{phase="Fulfilled"}</c>).</summary>
    public static IReadOnlyDictionary<string, double> Parse(string text)
    {
        if (!text.EndsWith('\n'))
        {
            throw new FormatException("the text does not end with a newline");
        }
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new HashSet<string>(StringComparer.Ordinal);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var lines = text[..^1].Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            string Where() => $"line {n + 1} '{line}'";
            if (line.Length == 0)
            {
                throw new FormatException($"{Where()}: blank line");
            }
            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length < 4 || !MetricName().IsMatch(parts[2]))
                {
                    throw new FormatException($"{Where()}: malformed comment");
                }
                var name = parts[2];
                if (samples.Keys.Any(k => NameOf(k) == name))
                {
                    throw new FormatException($"{Where()}: comes after the metric's samples");
                }
                if (parts[1] == "HELP" && !helps.Add(name))
                {
                    throw new FormatException($"{Where()}: second HELP");
                }
                if (parts[1] == "TYPE" && (!Types.Contains(parts[3]) || !types.TryAdd(name, parts[3])))
                {
                    throw new FormatException($"{Where()}: unknown type or second TYPE");
                }
                continue;
            }
            if (line.StartsWith('#'))
            {
                throw new FormatException($"{Where()}: a comment that is neither HELP nor TYPE");
            }
            var sample = Sample().Match(line);
            if (!sample.Success)
            {
                throw new FormatException($"{Where()}: not a sample");
            }
            var metric = sample.Groups["name"].Value;
            if (!types.TryGetValue(metric, out var type))
            {
                throw new FormatException($"{Where()}: sample before its TYPE");
            }
            if (!double.TryParse(sample.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"{Where()}: value is not a number");
            }
            if (type == "counter" && value < 0)
            {
                throw new FormatException($"{Where()}: negative counter");
            }
            var key = metric + sample.Groups["labels"].Value;
            if (!samples.TryAdd(key, value))
            {
                throw new FormatException($"{Where()}: duplicate sample");
            }
        }
        return samples;
    }

    private static string NameOf(string key) => key.Split('{')[0];

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? (?<value>[^ ]+)$""")]
    private static partial Regex Sample();
}
