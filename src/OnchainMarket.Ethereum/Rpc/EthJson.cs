using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OnchainMarket.Ethereum;

/// <summary>JSON options for Ethereum values: hex quantities for <see cref="BigInteger"/>, hex bytes, Address and Hash32 as strings.</summary>
public static class EthJson
{
    /// <summary>The shared options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new AddressConverter());
        options.Converters.Add(new Hash32Converter());
        options.Converters.Add(new BytesConverter());
        options.Converters.Add(new QuantityConverter());
        options.Converters.Add(new LongConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class AddressConverter : JsonConverter<Address>
    {
        public override Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Address.Parse(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, Address value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToLowerHex());
    }

    private sealed class Hash32Converter : JsonConverter<Hash32>
    {
        public override Hash32 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Hash32.Parse(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, Hash32 value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }

    private sealed class BytesConverter : JsonConverter<byte[]>
    {
        public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => HexConvert.FromHex(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) => writer.WriteStringValue(HexConvert.ToHex(value));
    }

    private sealed class QuantityConverter : JsonConverter<BigInteger>
    {
        public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number
                ? BigInteger.Parse(System.Text.Encoding.UTF8.GetString(reader.ValueSpan), System.Globalization.CultureInfo.InvariantCulture)
                : HexConvert.ParseQuantity(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) => writer.WriteStringValue(HexConvert.ToQuantity(value));
    }

    /// <summary>Reads longs from numbers or hex quantities; writes plain numbers (what anvil_/evm_ methods take).</summary>
    private sealed class LongConverter : JsonConverter<long>
    {
        public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : (long)HexConvert.ParseQuantity(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }
}
