using System.Globalization;
using System.Numerics;
using System.Text.Json;
using OnchainMarket.Prover.Files;

namespace OnchainMarket.Prover.Witness;

/// <summary>
/// A circuit's input signals, flattened the way circom's witness_calculator.js does it: nested
/// objects become "a.b", arrays of numbers stay one signal with their values flattened in order,
/// arrays of objects become "a[0].b". Values are integers as JS's BigInt() reads them: decimal
/// (optionally negative) or 0x/0o/0b strings, integral JSON numbers (read as doubles, like JS), booleans.
/// </summary>
public sealed class CircuitInput
{
    private readonly List<KeyValuePair<string, BigInteger[]>> _signals;

    private CircuitInput(List<KeyValuePair<string, BigInteger[]>> signals) => _signals = signals;

    /// <summary>Signals in document order, each with its flattened values (not yet reduced).</summary>
    public IReadOnlyList<KeyValuePair<string, BigInteger[]>> Signals => _signals;

    public static CircuitInput FromFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProverInputException(path, $"cannot read the input file ({e.Message})", e);
        }
        return Parse(text, path);
    }

    public static CircuitInput Parse(string json, string source = "input")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ProverInputException(source, $"not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ProverInputException(source, "the input must be a JSON object of signal names to values");
            }
            var signals = new List<KeyValuePair<string, BigInteger[]>>();
            Qualify("", document.RootElement, signals, source);
            return new CircuitInput(signals);
        }
    }

    private static void Qualify(string prefix, JsonElement element, List<KeyValuePair<string, BigInteger[]>> output, string source)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Qualify(prefix.Length == 0 ? property.Name : prefix + "." + property.Name, property.Value, output, source);
                }
                break;
            case JsonValueKind.Array:
                var flat = new List<JsonElement>();
                Flatten(element, flat);
                if (flat.Count > 0)
                {
                    var type = TypeOf(flat[0]);
                    if (flat.Any(e => TypeOf(e) != type))
                    {
                        throw new ProverInputException(source, $"types are not the same in the key {prefix}");
                    }
                    if (type == "object")
                    {
                        QualifyList(prefix, element, output, source);
                        break;
                    }
                }
                Add(prefix, flat.Select(e => ToInteger(e, prefix, source)).ToArray(), output);
                break;
            default:
                Add(prefix, [ToInteger(element, prefix, source)], output);
                break;
        }
    }

    // circom's JS insists that the flattened values of one array share a JS typeof ("object" includes null).
    private static string TypeOf(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => "number",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "object",
    };

    private static void QualifyList(string prefix, JsonElement element, List<KeyValuePair<string, BigInteger[]>> output, string source)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                QualifyList($"{prefix}[{i++}]", item, output, source);
            }
        }
        else
        {
            Qualify(prefix, element, output, source);
        }
    }

    private static void Add(string name, BigInteger[] values, List<KeyValuePair<string, BigInteger[]>> output)
    {
        // JSON.parse keeps the last of repeated keys; flattening can only repeat a name that way.
        var index = output.FindIndex(p => p.Key == name);
        if (index >= 0)
        {
            output[index] = new(name, values);
        }
        else
        {
            output.Add(new(name, values));
        }
    }

    private static void Flatten(JsonElement element, List<JsonElement> flat)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Flatten(item, flat);
            }
        }
        else
        {
            flat.Add(element);
        }
    }

    private static BigInteger ToInteger(JsonElement element, string name, string source)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                // JS parses every JSON number as a double before BigInt() sees it; do the same so
                // the witness matches generate_witness.js even for imprecise large numbers.
                var d = element.GetDouble();
                if (double.IsInfinity(d) || Math.Floor(d) != d)
                {
                    throw new ProverInputException(source, $"signal {name}: {element.GetRawText()} is not an integer");
                }
                return new BigInteger(d);
            case JsonValueKind.String:
                return ParseString(element.GetString()!, name, source);
            case JsonValueKind.True:
                return BigInteger.One;
            case JsonValueKind.False:
                return BigInteger.Zero;
            default:
                throw new ProverInputException(source, $"signal {name}: {element.GetRawText()} is not a number");
        }
    }

    private static BigInteger ParseString(string raw, string name, string source)
    {
        var s = raw.Trim();
        if (s.Length == 0)
        {
            return BigInteger.Zero;
        }
        if (s.Length > 2 && s[0] == '0' && char.ToLowerInvariant(s[1]) is 'x' or 'o' or 'b')
        {
            var radix = char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            var value = BigInteger.Zero;
            foreach (var c in s.AsSpan(2))
            {
                var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
                if (digit >= radix)
                {
                    throw new ProverInputException(source, $"signal {name}: \"{raw}\" is not an integer");
                }
                value = value * radix + digit;
            }
            return value;
        }
        var body = s[0] is '-' or '+' ? s[1..] : s;
        if (body.Length == 0 || !body.All(char.IsAsciiDigit))
        {
            throw new ProverInputException(source, $"signal {name}: \"{raw}\" is not an integer");
        }
        return BigInteger.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }
}
