namespace OnchainMarket.Ethereum;

/// <summary>An <c>eth_getLogs</c> filter: a block range or a single block hash (EIP-234), addresses and topics.</summary>
public sealed record LogFilter
{
    /// <summary>First block of the range.</summary>
    public BlockTag? FromBlock { get; init; }

    /// <summary>Last block of the range.</summary>
    public BlockTag? ToBlock { get; init; }

    /// <summary>One block by hash; cannot be combined with a range.</summary>
    public Hash32? BlockHash { get; init; }

    /// <summary>Emitting contracts (any of them); empty means all.</summary>
    public IReadOnlyList<Address> Addresses { get; init; } = [];

    /// <summary>Per position: null for any value, else one of the listed values.</summary>
    public IReadOnlyList<IReadOnlyList<Hash32>?> Topics { get; init; } = [];

    internal Dictionary<string, object?> ToRpc()
    {
        if (BlockHash is not null && (FromBlock is not null || ToBlock is not null))
        {
            throw new ArgumentException("A log filter takes either a block hash or a block range, not both.");
        }
        var result = new Dictionary<string, object?>();
        if (BlockHash is { } hash)
        {
            result["blockHash"] = hash.ToString();
        }
        if (FromBlock is { } from)
        {
            result["fromBlock"] = from.ToRpc();
        }
        if (ToBlock is { } to)
        {
            result["toBlock"] = to.ToRpc();
        }
        if (Addresses.Count > 0)
        {
            result["address"] = Addresses.Select(a => a.ToLowerHex()).ToArray();
        }
        if (Topics.Count > 0)
        {
            result["topics"] = Topics.Select(t => t is null ? null : (object)t.Select(h => h.ToString()).ToArray()).ToArray();
        }
        return result;
    }
}
