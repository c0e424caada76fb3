using System.Buffers.Binary;

namespace OnchainMarket.Prover.Files;

/// <summary>Reads one section of a <see cref="BinaryContainer"/>, never past its end.</summary>
internal sealed class SectionReader
{
    private readonly BinaryContainer _container;
    private readonly long _start;
    private long _position;

    internal SectionReader(BinaryContainer container, uint id, string what, long start, long size)
    {
        _container = container;
        Id = id;
        What = what;
        _start = start;
        Size = size;
    }

    public uint Id { get; }

    public string What { get; }

    public long Size { get; }

    public long Remaining => Size - _position;

    public ProverInputException Error(string problem) =>
        new(_container.Path, $"section {Id} ({What}): {problem}");

    public void Read(Span<byte> destination)
    {
        if (destination.Length > Remaining)
        {
            throw Error($"truncated: needs {destination.Length} more bytes at offset {_position}, has {Remaining}");
        }
        _container.ReadAt(_start + _position, destination);
        _position += destination.Length;
    }

    public byte[] ReadBytes(int count)
    {
        var bytes = new byte[count];
        Read(bytes);
        return bytes;
    }

    public uint ReadUInt32()
    {
        Span<byte> b = stackalloc byte[4];
        Read(b);
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    public ulong ReadUInt64()
    {
        Span<byte> b = stackalloc byte[8];
        Read(b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    /// <summary>Checks that exactly <paramref name="bytes"/> remain (sections of fixed size).</summary>
    public void ExpectRemaining(long bytes, string meaning)
    {
        if (Remaining != bytes)
        {
            throw Error($"has {Remaining} bytes where {meaning} needs {bytes}");
        }
    }

    /// <summary>Reads <paramref name="count"/> records of <paramref name="recordSize"/> bytes in large chunks.</summary>
    public void ReadRecords(long count, int recordSize, Action<ReadOnlySpan<byte>, long> perChunk)
    {
        if (count * recordSize > Remaining)
        {
            throw Error($"truncated: {count} records of {recordSize} bytes need {count * recordSize} bytes, has {Remaining}");
        }
        var perBuffer = Math.Max(1, (1 << 20) / recordSize);
        var buffer = new byte[(int)Math.Min(count, perBuffer) * recordSize];
        for (long done = 0; done < count;)
        {
            var n = (int)Math.Min(perBuffer, count - done);
            var span = buffer.AsSpan(0, n * recordSize);
            Read(span);
            perChunk(span, done);
            done += n;
        }
    }
}
