using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace OnchainMarket.Ethereum;

/// <summary>The secp256k1 curve and public-key recovery from a signature.</summary>
public static class Secp256k1
{
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");

    internal static ECDomainParameters Domain { get; } = new(Curve.Curve, Curve.G, Curve.N, Curve.H);

    internal static BcBigInteger N => Curve.N;

    internal static BcBigInteger HalfN { get; } = Curve.N.ShiftRight(1);

    /// <summary>Recovers the signer's address from a 32-byte message hash and a signature.</summary>
    /// <exception cref="ArgumentException">The signature is out of range or no key matches it.</exception>
    public static Address RecoverAddress(Hash32 messageHash, Signature signature) =>
        AddressOf(RecoverPoint(messageHash, signature) ?? throw new ArgumentException("The signature does not recover to a public key.", nameof(signature)));

    internal static ECPoint? RecoverPoint(Hash32 messageHash, Signature signature)
    {
        var r = ToBc(signature.R);
        var s = ToBc(signature.S);
        if (r.SignValue <= 0 || s.SignValue <= 0 || r.CompareTo(N) >= 0 || s.CompareTo(N) >= 0)
        {
            throw new ArgumentException("Signature r and s must lie in [1, n-1].", nameof(signature));
        }
        // x = r (the x + n case has probability ~2^-128 and Ethereum's recovery ids 2/3 are never produced).
        var compressed = new byte[33];
        compressed[0] = (byte)(signature.YParity == 0 ? 0x02 : 0x03);
        var rBytes = r.ToByteArrayUnsigned();
        rBytes.CopyTo(compressed, 33 - rBytes.Length);
        ECPoint point;
        try
        {
            point = Domain.Curve.DecodePoint(compressed);
        }
        catch (ArgumentException)
        {
            return null;
        }
        var e = new BcBigInteger(1, messageHash.ToArray());
        var rInverse = r.ModInverse(N);
        var u1 = e.Negate().Mod(N).Multiply(rInverse).Mod(N);
        var u2 = s.Multiply(rInverse).Mod(N);
        var q = ECAlgorithms.SumOfTwoMultiplies(Domain.G, u1, point, u2).Normalize();
        return q.IsInfinity ? null : q;
    }

    internal static Address AddressOf(ECPoint publicKey)
    {
        var encoded = publicKey.Normalize().GetEncoded(false);
        var hash = Keccak256.Hash(encoded.AsSpan(1));
        return new Address(hash.Span[12..]);
    }

    internal static BcBigInteger ToBc(System.Numerics.BigInteger value) =>
        new(1, HexConvert.ToBigEndianUnsigned(value).DefaultIfEmpty((byte)0).ToArray());

    internal static System.Numerics.BigInteger FromBc(BcBigInteger value) => HexConvert.FromBigEndianUnsigned(value.ToByteArrayUnsigned());
}
