using System.Numerics;

namespace OnchainMarket.Ethereum;

/// <summary>An EIP-1559 (type 2) transaction.</summary>
public sealed record Eip1559Transaction
{
    /// <summary>The chain id.</summary>
    public required long ChainId { get; init; }

    /// <summary>The sender's nonce.</summary>
    public required BigInteger Nonce { get; init; }

    /// <summary>The tip per gas paid to the block producer, at most.</summary>
    public required BigInteger MaxPriorityFeePerGas { get; init; }

    /// <summary>The total fee per gas (base fee + tip), at most.</summary>
    public required BigInteger MaxFeePerGas { get; init; }

    /// <summary>The gas limit.</summary>
    public required BigInteger GasLimit { get; init; }

    /// <summary>The recipient, or null for a contract creation.</summary>
    public Address? To { get; init; }

    /// <summary>Wei sent.</summary>
    public BigInteger Value { get; init; }

    /// <summary>Calldata or init code.</summary>
    public byte[] Data { get; init; } = [];

    private byte[][] Fields() =>
    [
        Rlp.EncodeInteger(ChainId),
        Rlp.EncodeInteger(Nonce),
        Rlp.EncodeInteger(MaxPriorityFeePerGas),
        Rlp.EncodeInteger(MaxFeePerGas),
        Rlp.EncodeInteger(GasLimit),
        Rlp.EncodeBytes(To is { } to ? to.Span : []),
        Rlp.EncodeInteger(Value),
        Rlp.EncodeBytes(Data),
        // The access list is always empty: the market's calls gain nothing from pre-warming.
        Rlp.EncodeList(),
    ];

    /// <summary>keccak256(0x02 ‖ RLP(fields)).</summary>
    public Hash32 SigningHash() => Keccak256.Hash([0x02, .. Rlp.EncodeList(Fields())]);

    /// <summary>Signs and encodes as 0x02 ‖ RLP(fields, yParity, r, s).</summary>
    public SignedTransaction Sign(EthereumKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.Sign(SigningHash());
        byte[] raw = [0x02, .. Rlp.EncodeList([.. Fields(), Rlp.EncodeInteger(signature.YParity), Rlp.EncodeInteger(signature.R), Rlp.EncodeInteger(signature.S)])];
        return new SignedTransaction(raw, Keccak256.Hash(raw), key.Address);
    }
}
