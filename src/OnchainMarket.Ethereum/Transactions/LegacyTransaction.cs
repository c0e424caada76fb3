using System.Numerics;

namespace OnchainMarket.Ethereum;

/// <summary>A pre-EIP-2718 transaction with EIP-155 replay protection.</summary>
public sealed record LegacyTransaction
{
    /// <summary>The chain id bound into the signature (EIP-155).</summary>
    public required long ChainId { get; init; }

    /// <summary>The sender's nonce.</summary>
    public required BigInteger Nonce { get; init; }

    /// <summary>Wei per gas.</summary>
    public required BigInteger GasPrice { get; init; }

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
        Rlp.EncodeInteger(Nonce),
        Rlp.EncodeInteger(GasPrice),
        Rlp.EncodeInteger(GasLimit),
        Rlp.EncodeBytes(To is { } to ? to.Span : []),
        Rlp.EncodeInteger(Value),
        Rlp.EncodeBytes(Data),
    ];

    /// <summary>The hash that is signed: RLP(nonce, gasPrice, gas, to, value, data, chainId, 0, 0).</summary>
    public Hash32 SigningHash() =>
        Keccak256.Hash(Rlp.EncodeList([.. Fields(), Rlp.EncodeInteger(ChainId), Rlp.EncodeInteger(0), Rlp.EncodeInteger(0)]));

    /// <summary>Signs: v = chainId × 2 + 35 + y parity.</summary>
    public SignedTransaction Sign(EthereumKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.Sign(SigningHash());
        var v = new BigInteger(ChainId) * 2 + 35 + signature.YParity;
        var raw = Rlp.EncodeList([.. Fields(), Rlp.EncodeInteger(v), Rlp.EncodeInteger(signature.R), Rlp.EncodeInteger(signature.S)]);
        return new SignedTransaction(raw, Keccak256.Hash(raw), key.Address);
    }
}
