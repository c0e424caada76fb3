using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace OnchainMarket.Ethereum;

/// <summary>A secp256k1 private key: its address, deterministic (RFC 6979) low-s signing with recovery id.</summary>
public sealed class EthereumKey
{
    private readonly ECPrivateKeyParameters _privateKey;
    private readonly ECPoint _publicKey;

    /// <summary>Creates a key from 32 private-key bytes.</summary>
    /// <exception cref="ArgumentException">The bytes are not a valid secp256k1 scalar.</exception>
    public EthereumKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32)
        {
            throw new ArgumentException($"A private key has 32 bytes, got {privateKey.Length}.", nameof(privateKey));
        }
        var d = new BigInteger(1, privateKey.ToArray());
        if (d.SignValue == 0 || d.CompareTo(Secp256k1.N) >= 0)
        {
            throw new ArgumentException("The private key is not in [1, n-1].", nameof(privateKey));
        }
        _privateKey = new ECPrivateKeyParameters(d, Secp256k1.Domain);
        _publicKey = Secp256k1.Domain.G.Multiply(d).Normalize();
        Address = Secp256k1.AddressOf(_publicKey);
    }

    /// <summary>Parses a hex private key (with or without 0x).</summary>
    public static EthereumKey FromHex(string privateKeyHex)
    {
        ArgumentNullException.ThrowIfNull(privateKeyHex);
        if (!HexConvert.TryFromHex(privateKeyHex.Trim(), out var bytes) || bytes.Length != 32)
        {
            throw new FormatException("A private key must be 32 bytes of hex (64 digits).");
        }
        return new EthereumKey(bytes);
    }

    /// <summary>
    /// The 32 private-key bytes, for handing the key to Nethereum's signer (the prover client signs its
    /// transactions there). Never print or log them.
    /// </summary>
    public byte[] PrivateKeyBytes() => Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, _privateKey.D);

    /// <summary>The account address.</summary>
    public Address Address { get; }

    /// <summary>The uncompressed public key without its 0x04 prefix (64 bytes).</summary>
    public byte[] PublicKey => _publicKey.GetEncoded(false)[1..];

    /// <summary>Signs a 32-byte hash: RFC 6979 nonce, s normalised to the lower half (EIP-2), recovery id attached.</summary>
    public Signature Sign(Hash32 hash)
    {
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, _privateKey);
        var rs = signer.GenerateSignature(hash.ToArray());
        var r = rs[0];
        var s = rs[1];
        if (s.CompareTo(Secp256k1.HalfN) > 0)
        {
            s = Secp256k1.N.Subtract(s);
        }
        var signatureR = Secp256k1.FromBc(r);
        var signatureS = Secp256k1.FromBc(s);
        for (byte parity = 0; parity <= 1; parity++)
        {
            var candidate = new Signature(signatureR, signatureS, parity);
            var recovered = Secp256k1.RecoverPoint(hash, candidate);
            if (recovered is not null && recovered.Equals(_publicKey))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("No recovery id reproduces the public key; the signature is inconsistent.");
    }

    /// <summary>EIP-191 <c>personal_sign</c> of a message.</summary>
    public Signature SignPersonalMessage(ReadOnlySpan<byte> message) => Sign(PersonalMessage.Hash(message));

    /// <summary>EIP-712 signature of typed data.</summary>
    public Signature SignTypedData(Eip712TypedData typedData)
    {
        ArgumentNullException.ThrowIfNull(typedData);
        return Sign(typedData.Hash());
    }

    /// <summary>Hides the key material.</summary>
    public override string ToString() => $"EthereumKey({Address})";
}
