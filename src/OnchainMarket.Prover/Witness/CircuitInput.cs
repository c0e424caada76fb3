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
/// Inputs come from strangers (a request's input): parsing is linear in the input's size, and a
/// number string longer than <see cref="MaxNumberChars"/> or a signal name longer than
/// <see cref="MaxNameChars"/> is refused.
/// </summary>
public sealed class CircuitInput
{
    /// <summary>Longest number string accepted (a BN254 element has 78 decimal digits; JS would reduce longer ones).</summary>
    public const int MaxNumberChars = 1024;

    /// <summary>Longest flattened signal name accepted.</summary>
    public const int MaxNameChars = 1024;

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
            var signals = new SignalList();
            Qualify("", document.RootElement, signals, source);
            return new CircuitInput(signals.List);
        }
    }

    /// <summary>Signals in document order with an index by name, so that a repeated name is found in O(1).</summary>
    private sealed class SignalList
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public List<KeyValuePair<string, BigInteger[]>> List { get; } = [];

        /// <summary>JSON.parse keeps the last of repeated keys; flattening can only repeat a name that way.</summary>
        public void Set(string name, BigInteger[] values)
        {
            if (_index.TryGetValue(name, out var at))
            {
                List[at] = new(name, values);
            }
            else
            {
                _index[name] = List.Count;
                List.Add(new(name, values));
            }
        }
    }

    private static void Qualify(string prefix, JsonElement element, SignalList output, string source)
    {
        if (prefix.Length > MaxNameChars)
        {
            throw new ProverInputException(source, $"a signal name is longer than {MaxNameChars} characters");
        }
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

    private static void QualifyList(string prefix, JsonElement element, SignalList output, string source)
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

    private static void Add(string name, BigInteger[] values, SignalList output) => output.Set(name, values);

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

    /// <summary>Digits of 2^<paramref name="bits"/> radix packed straight into bytes: linear, unlike value = value * radix + digit.</summary>
    private static BigInteger? ParsePowerOfTwoRadix(ReadOnlySpan<char> digits, int bits)
    {
        var bytes = new byte[(digits.Length * bits + 7) / 8 + 1];
        var position = 0;
        for (var i = digits.Length - 1; i >= 0; i--, position += bits)
        {
            var c = digits[i];
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (digit >= 1 << bits)
            {
                return null;
            }
            // A digit spans at most two bytes (3 bits may straddle a byte boundary).
            var value = digit << (position & 7);
            bytes[position >> 3] |= (byte)value;
            if (value > 0xFF)
            {
                bytes[(position >> 3) + 1] |= (byte)(value >> 8);
            }
        }
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    private static BigInteger ParseString(string raw, string name, string source)
    {
        var s = raw.Trim();
        if (s.Length == 0)
        {
            return BigInteger.Zero;
        }
        if (s.Length > MaxNumberChars)
        {
            throw new ProverInputException(source, $"signal {name}: a number of {s.Length} characters is longer than {MaxNumberChars}");
        }
        if (s.Length > 2 && s[0] == '0' && char.ToLowerInvariant(s[1]) is 'x' or 'o' or 'b')
        {
            var bits = char.ToLowerInvariant(s[1]) switch { 'x' => 4, 'o' => 3, _ => 1 };
            return ParsePowerOfTwoRadix(s.AsSpan(2), bits) ?? throw new ProverInputException(source, $"signal {name}: \"{raw}\" is not an integer");
        }
        var body = s[0] is '-' or '+' ? s[1..] : s;
        if (body.Length == 0 || !body.All(char.IsAsciiDigit))
        {
            throw new ProverInputException(source, $"signal {name}: \"{raw}\" is not an integer");
        }
        return BigInteger.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }
}
