using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Catalog;

/// <summary>Maps ABI types to column kinds and decoded ABI values to the .NET values Npgsql writes for them.</summary>
public static class ColumnValues
{
    /// <summary>The column kind for a (non-tuple) ABI type.</summary>
    public static ColumnKind KindOf(AbiType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            AbiTypeKind.UInt => type.Size <= 32 ? ColumnKind.BigInt : ColumnKind.Numeric,
            AbiTypeKind.Int => type.Size <= 64 ? ColumnKind.BigInt : ColumnKind.Numeric,
            AbiTypeKind.Bool => ColumnKind.Boolean,
            AbiTypeKind.Address or AbiTypeKind.FixedBytes or AbiTypeKind.Bytes => ColumnKind.Bytea,
            AbiTypeKind.String => ColumnKind.Text,
            AbiTypeKind.Array or AbiTypeKind.FixedArray => ElementArrayKind(type.Element!),
            _ => ColumnKind.Jsonb,
        };
    }

    private static ColumnKind ElementArrayKind(AbiType element) => element.Kind switch
    {
        AbiTypeKind.Array or AbiTypeKind.FixedArray or AbiTypeKind.Tuple => ColumnKind.Jsonb,
        _ => KindOf(element) switch
        {
            ColumnKind.Numeric => ColumnKind.NumericArray,
            ColumnKind.BigInt => ColumnKind.BigIntArray,
            ColumnKind.Boolean => ColumnKind.BooleanArray,
            ColumnKind.Bytea => ColumnKind.ByteaArray,
            ColumnKind.Text => ColumnKind.TextArray,
            var other => other,
        },
    };

    /// <summary>Converts a decoded value (as <see cref="AbiCodec"/> returns it) into what the column stores.</summary>
    public static object? ToColumn(ColumnKind kind, object? value)
    {
        return kind switch
        {
            ColumnKind.Numeric => AsBigInteger(value),
            ColumnKind.BigInt => (long)AsBigInteger(value),
            ColumnKind.Boolean => (bool)value!,
            ColumnKind.Bytea => AsBytes(value),
            ColumnKind.Text => (string)value!,
            ColumnKind.NumericArray => Items(value).Select(AsBigInteger).ToArray(),
            ColumnKind.BigIntArray => Items(value).Select(v => (long)AsBigInteger(v)).ToArray(),
            ColumnKind.BooleanArray => Items(value).Select(v => (bool)v!).ToArray(),
            ColumnKind.ByteaArray => Items(value).Select(AsBytes).ToArray(),
            ColumnKind.TextArray => Items(value).Select(v => (string)v!).ToArray(),
            ColumnKind.Jsonb => ToJson(value),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown column kind"),
        };
    }

    private static IEnumerable<object?> Items(object? value) =>
        value as object?[] ?? throw new InvalidOperationException($"expected an array value, got {value?.GetType().Name ?? "null"}");

    private static BigInteger AsBigInteger(object? value) => value switch
    {
        BigInteger b => b,
        long l => l,
        int i => i,
        ulong u => u,
        _ => throw new InvalidOperationException($"expected an integer value, got {value?.GetType().Name ?? "null"}"),
    };

    private static byte[] AsBytes(object? value) => value switch
    {
        byte[] b => b,
        Address a => a.ToArray(),
        Hash32 h => h.ToArray(),
        _ => throw new InvalidOperationException($"expected bytes, got {value?.GetType().Name ?? "null"}"),
    };

    /// <summary>JSON for nested values: integers as decimal strings (they exceed JSON numbers), bytes as 0x-hex.</summary>
    public static string ToJson(object? value)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, value);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteJson(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case BigInteger b:
                writer.WriteStringValue(b.ToString(CultureInfo.InvariantCulture));
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case byte[] bytes:
                writer.WriteStringValue(HexConvert.ToHex(bytes));
                break;
            case Address a:
                writer.WriteStringValue(a.ToLowerHex());
                break;
            case Hash32 h:
                writer.WriteStringValue(h.ToString());
                break;
            case object?[] items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteJson(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
