using System.Runtime.CompilerServices;

namespace OnchainMarket.Prover.Bn254;

/// <summary>Four little-endian 64-bit limbs; the storage of every field element.</summary>
internal struct U256
{
    public ulong L0;
    public ulong L1;
    public ulong L2;
    public ulong L3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public U256(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    public readonly bool IsZero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (L0 | L1 | L2 | L3) == 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool Equals(in U256 other) =>
        ((L0 ^ other.L0) | (L1 ^ other.L1) | (L2 ^ other.L2) | (L3 ^ other.L3)) == 0;

    public readonly bool Bit(int index) => ((index >> 6) switch
    {
        0 => L0,
        1 => L1,
        2 => L2,
        _ => L3,
    } >> (index & 63) & 1) != 0;

    public readonly System.Numerics.BigInteger ToBigInteger()
    {
        Span<byte> bytes = stackalloc byte[32];
        WriteLittleEndian(bytes);
        return new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    public static U256 FromBigInteger(System.Numerics.BigInteger value)
    {
        Span<byte> bytes = stackalloc byte[32];
        bytes.Clear();
        if (!value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Value does not fit in 256 bits.");
        }

        return ReadLittleEndian(bytes);
    }

    public static U256 ReadLittleEndian(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
        {
            throw new ArgumentException($"Expected 32 bytes, got {bytes.Length}.", nameof(bytes));
        }

        return new U256(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]));
    }

    public readonly void WriteLittleEndian(Span<byte> bytes)
    {
        if (bytes.Length < 32)
        {
            throw new ArgumentException($"Expected at least 32 bytes, got {bytes.Length}.", nameof(bytes));
        }

        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, L0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], L1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], L2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], L3);
    }
}
