using System.Globalization;

namespace OnchainMarket.Ethereum;

/// <summary>A block selector: a number or one of <c>latest</c>, <c>pending</c>, <c>safe</c>, <c>finalized</c>, <c>earliest</c>; the default value is <c>latest</c>.</summary>
public readonly struct BlockTag : IEquatable<BlockTag>
{
    private readonly string? _name;
    private readonly long _number;
    private readonly bool _isNumber;

    private BlockTag(string? name, long number, bool isNumber)
    {
        _name = name;
        _number = number;
        _isNumber = isNumber;
    }

    /// <summary>True when this tag names a block number.</summary>
    public bool IsNumber => _isNumber;

    /// <summary>The block number of a numeric tag.</summary>
    public long Number => _isNumber ? _number : throw new InvalidOperationException($"Block tag '{this}' is not a number.");

    /// <summary>The latest block.</summary>
    public static BlockTag Latest => default;

    /// <summary>The pending block.</summary>
    public static BlockTag Pending => new("pending", 0, false);

    /// <summary>The latest safe block.</summary>
    public static BlockTag Safe => new("safe", 0, false);

    /// <summary>The latest finalized block.</summary>
    public static BlockTag Finalized => new("finalized", 0, false);

    /// <summary>The genesis block.</summary>
    public static BlockTag Earliest => new("earliest", 0, false);

    /// <summary>A specific block.</summary>
    public static BlockTag At(long number) => number >= 0
        ? new BlockTag(null, number, true)
        : throw new ArgumentOutOfRangeException(nameof(number), number, "Block numbers are non-negative.");

    /// <summary>A specific block.</summary>
    public static implicit operator BlockTag(long number) => At(number);

    /// <summary>The JSON-RPC form: a hex quantity or the tag name.</summary>
    public string ToRpc() => _isNumber ? HexConvert.ToQuantity(_number) : _name ?? "latest";

    /// <inheritdoc />
    public override string ToString() => _isNumber ? _number.ToString(CultureInfo.InvariantCulture) : _name ?? "latest";

    /// <inheritdoc />
    public bool Equals(BlockTag other) => ToRpc() == other.ToRpc();

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is BlockTag other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => ToRpc().GetHashCode(StringComparison.Ordinal);

    /// <summary>Equality.</summary>
    public static bool operator ==(BlockTag left, BlockTag right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(BlockTag left, BlockTag right) => !left.Equals(right);
}
