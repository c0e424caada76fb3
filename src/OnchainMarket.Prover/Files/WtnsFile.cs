using System.Buffers.Binary;
using System.Numerics;
using OnchainMarket.Prover.Bn254;

namespace OnchainMarket.Prover.Files;

/// <summary>
/// A circom/snarkjs witness (.wtns): section 1 = u32 n8, prime, u32 count; section 2 = the values,
/// n8 bytes each, little-endian, normal (not Montgomery) form. Values are kept as the raw bytes.
/// </summary>
public sealed class WtnsFile
{
    public WtnsFile(BigInteger prime, int n8, byte[] values)
    {
        if (n8 <= 0 || values.Length % n8 != 0)
        {
            throw new ArgumentException($"values must be a multiple of {n8} bytes", nameof(values));
        }
        Prime = prime;
        N8 = n8;
        Values = values;
    }

    public BigInteger Prime { get; }

    /// <summary>Bytes per value (32 for BN254).</summary>
    public int N8 { get; }

    /// <summary>All values, <see cref="N8"/> bytes each, little-endian normal form.</summary>
    public byte[] Values { get; }

    public int Count => Values.Length / N8;

    public static WtnsFile Read(string path)
    {
        using var file = BinaryContainer.Open(path, "wtns");
        var header = file.Section(1, "header");
        var n8 = header.ReadUInt32();
        if (n8 is 0 or > 64 || n8 % 8 != 0)
        {
            throw header.Error($"field size {n8} bytes is not supported");
        }
        var prime = new BigInteger(header.ReadBytes((int)n8), isUnsigned: true, isBigEndian: false);
        var count = header.ReadUInt32();
        var values = file.Section(2, "values");
        values.ExpectRemaining((long)count * n8, $"{count} values of {n8} bytes");
        var bytes = new byte[checked((int)((long)count * n8))];
        values.Read(bytes);
        return new WtnsFile(prime, (int)n8, bytes);
    }

    /// <summary>
    /// The values as BN254 scalars in Montgomery form; checks the prime and that every value is reduced.
    /// </summary>
    public Fr[] ToFr(string source)
    {
        if (Prime != Fr.Modulus || N8 != 32)
        {
            throw new ProverInputException(source, "the witness is not over the BN254 scalar field");
        }
        var result = new Fr[Count];
        for (var i = 0; i < result.Length; i++)
        {
            var bytes = Values.AsSpan(i * 32, 32);
            try
            {
                result[i] = Fr.FromCanonicalLittleEndian(bytes);
            }
            catch (ArgumentException e)
            {
                throw new ProverInputException(source, $"witness value {i} is not reduced modulo the field prime", e);
            }
        }
        return result;
    }

    /// <summary>Writes the exact bytes circom's generate_witness.js writes (version 2, two sections).</summary>
    public void Write(string path) => File.WriteAllBytes(path, Serialize());

    public byte[] Serialize()
    {
        var section1 = 4 + N8 + 4;
        var total = 12 + 12 + section1 + 12 + Values.Length;
        var buffer = new byte[total];
        var span = buffer.AsSpan();
        "wtns"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], 2);
        var p = 12;
        BinaryPrimitives.WriteUInt32LittleEndian(span[p..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(p + 4)..], (ulong)section1);
        p += 12;
        BinaryPrimitives.WriteUInt32LittleEndian(span[p..], (uint)N8);
        p += 4;
        Prime.TryWriteBytes(span.Slice(p, N8), out _, isUnsigned: true, isBigEndian: false);
        p += N8;
        BinaryPrimitives.WriteUInt32LittleEndian(span[p..], (uint)Count);
        p += 4;
        BinaryPrimitives.WriteUInt32LittleEndian(span[p..], 2);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(p + 4)..], (ulong)Values.Length);
        p += 12;
        Values.CopyTo(span[p..]);
        return buffer;
    }
}
