namespace OnchainMarket.Ethereum;

/// <summary>A decoded RLP item: either a byte string or a list of items.</summary>
public sealed class RlpItem
{
    private RlpItem(byte[]? bytes, IReadOnlyList<RlpItem>? items)
    {
        Bytes = bytes;
        Items = items;
    }

    /// <summary>The payload when this is a byte string, else null.</summary>
    public byte[]? Bytes { get; }

    /// <summary>The children when this is a list, else null.</summary>
    public IReadOnlyList<RlpItem>? Items { get; }

    /// <summary>True when this item is a list.</summary>
    public bool IsList => Items is not null;

    /// <summary>A byte-string item.</summary>
    public static RlpItem FromBytes(byte[] bytes) => new(bytes ?? throw new ArgumentNullException(nameof(bytes)), null);

    /// <summary>A list item.</summary>
    public static RlpItem FromList(IReadOnlyList<RlpItem> items) => new(null, items ?? throw new ArgumentNullException(nameof(items)));

    /// <summary>A list item.</summary>
    public static RlpItem List(params RlpItem[] items) => FromList(items);
}
