using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace OnchainMarket.Bindings.Generator;

/// <summary>
/// A small JSON reader and writer: analyzers cannot load System.Text.Json without packaging it.
/// Objects become <see cref="Dictionary{TKey,TValue}"/>, arrays <see cref="List{T}"/>, numbers their raw text
/// wrapped in <see cref="JsonNumber"/>, plus string, bool and null.
/// </summary>
internal static class MiniJson
{
    public static object? Parse(string text)
    {
        var position = 0;
        var value = ParseValue(text, ref position, 0);
        SkipWhitespace(text, ref position);
        if (position != text.Length)
        {
            throw new FormatException($"Unexpected character at {position}.");
        }
        return value;
    }

    private static object? ParseValue(string text, ref int position, int depth)
    {
        if (depth > 256)
        {
            throw new FormatException("JSON nested too deeply.");
        }
        SkipWhitespace(text, ref position);
        if (position >= text.Length)
        {
            throw new FormatException("Unexpected end of JSON.");
        }
        var c = text[position];
        switch (c)
        {
            case '{':
                position++;
                var obj = new Dictionary<string, object?>(StringComparer.Ordinal);
                SkipWhitespace(text, ref position);
                if (Peek(text, position) == '}')
                {
                    position++;
                    return obj;
                }
                while (true)
                {
                    SkipWhitespace(text, ref position);
                    var key = ParseString(text, ref position);
                    SkipWhitespace(text, ref position);
                    Expect(text, ref position, ':');
                    obj[key] = ParseValue(text, ref position, depth + 1);
                    SkipWhitespace(text, ref position);
                    if (Peek(text, position) == ',')
                    {
                        position++;
                        continue;
                    }
                    Expect(text, ref position, '}');
                    return obj;
                }
            case '[':
                position++;
                var list = new List<object?>();
                SkipWhitespace(text, ref position);
                if (Peek(text, position) == ']')
                {
                    position++;
                    return list;
                }
                while (true)
                {
                    list.Add(ParseValue(text, ref position, depth + 1));
                    SkipWhitespace(text, ref position);
                    if (Peek(text, position) == ',')
                    {
                        position++;
                        continue;
                    }
                    Expect(text, ref position, ']');
                    return list;
                }
            case '"':
                return ParseString(text, ref position);
            case 't':
                ExpectWord(text, ref position, "true");
                return true;
            case 'f':
                ExpectWord(text, ref position, "false");
                return false;
            case 'n':
                ExpectWord(text, ref position, "null");
                return null;
            default:
                var start = position;
                while (position < text.Length && "+-0123456789.eE".IndexOf(text[position]) >= 0)
                {
                    position++;
                }
                if (start == position)
                {
                    throw new FormatException($"Unexpected character '{c}' at {position}.");
                }
                return new JsonNumber(text.Substring(start, position - start));
        }
    }

    private static char Peek(string text, int position) => position < text.Length ? text[position] : '\0';

    private static void Expect(string text, ref int position, char expected)
    {
        if (Peek(text, position) != expected)
        {
            throw new FormatException($"Expected '{expected}' at {position}.");
        }
        position++;
    }

    private static void ExpectWord(string text, ref int position, string word)
    {
        if (string.CompareOrdinal(text, position, word, 0, word.Length) != 0)
        {
            throw new FormatException($"Expected '{word}' at {position}.");
        }
        position += word.Length;
    }

    private static void SkipWhitespace(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private static string ParseString(string text, ref int position)
    {
        Expect(text, ref position, '"');
        var builder = new StringBuilder();
        while (true)
        {
            if (position >= text.Length)
            {
                throw new FormatException("Unterminated string.");
            }
            var c = text[position++];
            if (c == '"')
            {
                return builder.ToString();
            }
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            var escape = Peek(text, position++);
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (position + 4 > text.Length)
                    {
                        throw new FormatException("Truncated \\u escape.");
                    }
                    builder.Append((char)int.Parse(text.Substring(position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    position += 4;
                    break;
                default:
                    throw new FormatException($"Invalid escape '\\{escape}'.");
            }
        }
    }

    /// <summary>Writes a value back as compact JSON.</summary>
    public static string Write(object? value)
    {
        var builder = new StringBuilder();
        Write(value, builder);
        return builder.ToString();
    }

    private static void Write(object? value, StringBuilder builder)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case bool b:
                builder.Append(b ? "true" : "false");
                break;
            case JsonNumber n:
                builder.Append(n.Text);
                break;
            case string s:
                WriteString(s, builder);
                break;
            case Dictionary<string, object?> obj:
                builder.Append('{');
                var first = true;
                foreach (var pair in obj)
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }
                    first = false;
                    WriteString(pair.Key, builder);
                    builder.Append(':');
                    Write(pair.Value, builder);
                }
                builder.Append('}');
                break;
            case List<object?> list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }
                    Write(list[i], builder);
                }
                builder.Append(']');
                break;
            default:
                throw new ArgumentException("Unsupported JSON value " + value.GetType().Name);
        }
    }

    private static void WriteString(string s, StringBuilder builder)
    {
        builder.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        builder.Append('"');
    }
}

/// <summary>A JSON number kept as its source text.</summary>
internal sealed class JsonNumber
{
    public JsonNumber(string text) => Text = text;

    public string Text { get; }
}
