using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace OnchainMarket.Bindings.Generator;

/// <summary>Turns Solidity identifiers into valid, conventional C# identifiers.</summary>
internal static class Naming
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    /// <summary><c>max_price</c>, <c>MAX_PRICE</c>, <c>_maxPrice</c> → <c>MaxPrice</c>; empty → <paramref name="fallback"/>.</summary>
    public static string Pascal(string name, string fallback)
    {
        var parts = name.Split(new[] { '_', '$' }, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return fallback;
        }
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            var allUpper = part.Length > 1 && part.All(c => !char.IsLetter(c) || char.IsUpper(c));
            var normalised = allUpper ? part.Substring(0, 1) + part.Substring(1).ToLowerInvariant() : part;
            builder.Append(char.ToUpperInvariant(normalised[0])).Append(normalised.Substring(1));
        }
        var result = builder.ToString();
        return char.IsDigit(result[0]) ? "N" + result : result;
    }

    /// <summary>A camelCase parameter name, escaped with @ when it is a keyword.</summary>
    public static string Camel(string name, string fallback)
    {
        var pascal = Pascal(name, fallback);
        var camel = char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return Keywords.Contains(camel) ? "@" + camel : camel;
    }

    /// <summary>Makes names unique in order: the second <c>id</c> becomes <c>id2</c>; reserved names get <paramref name="reservedSuffix"/>.</summary>
    public static List<string> Unique(IEnumerable<string> names, ISet<string> reserved, string reservedSuffix)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var raw in names)
        {
            var name = reserved.Contains(raw.TrimStart('@')) ? raw.TrimStart('@') + reservedSuffix : raw;
            var candidate = name;
            for (var i = 2; !used.Add(candidate.TrimStart('@')); i++)
            {
                candidate = name.TrimStart('@') + i;
            }
            result.Add(candidate);
        }
        return result;
    }

    /// <summary>A C# string literal (verbatim) for any text.</summary>
    public static string Literal(string text) => "@\"" + text.Replace("\"", "\"\"") + "\"";

    /// <summary>Text safe inside an XML doc comment.</summary>
    public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
