using System.Text.Json;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Ingest.Rpc;

/// <summary>What the indexer asks eth_getLogs for: a block range or one block by hash, of some emitters or some topic0s.</summary>
public sealed record LogQuery
{
    /// <summary>First block of the range.</summary>
    public long? FromBlock { get; init; }

    /// <summary>Last block of the range.</summary>
    public long? ToBlock { get; init; }

    /// <summary>One block by hash (EIP-234), instead of a range.</summary>
    public Hash32? BlockHash { get; init; }

    /// <summary>Emitting contracts; empty means any.</summary>
    public IReadOnlyList<Address> Addresses { get; init; } = [];

    /// <summary>Accepted topic0s; empty means any.</summary>
    public IReadOnlyList<Hash32> Topic0 { get; init; } = [];

    /// <summary>A short description for log lines.</summary>
    public string Describe() => BlockHash is { } hash ? $"block {hash}" : $"{FromBlock}..{ToBlock}";

    /// <summary>Writes the filter object of the eth_getLogs call.</summary>
    internal void WriteTo(Utf8JsonWriter writer)
    {
        if (BlockHash is not null && (FromBlock is not null || ToBlock is not null))
        {
            throw new InvalidOperationException("a log query takes either a block hash or a block range, not both.");
        }
        writer.WriteStartObject();
        if (BlockHash is { } hash)
        {
            writer.WriteString("blockHash", hash.ToString());
        }
        if (FromBlock is { } from)
        {
            writer.WriteString("fromBlock", HexConvert.ToQuantity(from));
        }
        if (ToBlock is { } to)
        {
            writer.WriteString("toBlock", HexConvert.ToQuantity(to));
        }
        if (Addresses.Count > 0)
        {
            writer.WriteStartArray("address");
            foreach (var address in Addresses)
            {
                writer.WriteStringValue(address.ToLowerHex());
            }
            writer.WriteEndArray();
        }
        if (Topic0.Count > 0)
        {
            writer.WriteStartArray("topics");
            writer.WriteStartArray();
            foreach (var topic in Topic0)
            {
                writer.WriteStringValue(topic.ToString());
            }
            writer.WriteEndArray();
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }
}
