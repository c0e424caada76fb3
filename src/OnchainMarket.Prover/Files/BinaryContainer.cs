using System.Buffers.Binary;

namespace OnchainMarket.Prover.Files;

/// <summary>
/// The iden3 binary container shared by .zkey, .wtns, .r1cs and .ptau: a 4-byte magic, u32 version,
/// u32 section count, then per section {u32 id, u64 size, bytes}, little-endian. Sections may come
/// in any order, so the whole table is walked once and every section is checked against the file length.
/// </summary>
internal sealed class BinaryContainer : IDisposable
{
    private readonly FileStream _stream;
    private readonly Dictionary<uint, List<(long Offset, long Size)>> _sections = new();

    private BinaryContainer(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    public string Path { get; }

    public uint Version { get; private set; }

    public long Length => _stream.Length;

    /// <summary>Opens <paramref name="path"/> and checks its magic (e.g. "zkey") and section table.</summary>
    public static BinaryContainer Open(string path, string magic)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProverInputException(path, $"cannot open the file ({e.Message})", e);
        }

        var container = new BinaryContainer(path, stream);
        try
        {
            container.ReadTable(magic);
            return container;
        }
        catch
        {
            container.Dispose();
            throw;
        }
    }

    private void ReadTable(string magic)
    {
        Span<byte> head = stackalloc byte[12];
        if (_stream.Length < 12)
        {
            throw new ProverInputException(Path, $"too short to be a .{magic} file ({_stream.Length} bytes)");
        }
        _stream.ReadExactly(head);
        var found = System.Text.Encoding.ASCII.GetString(head[..4]);
        if (found != magic)
        {
            throw new ProverInputException(Path, $"not a .{magic} file (magic \"{Printable(found)}\", expected \"{magic}\")");
        }
        Version = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        long position = 12;
        Span<byte> entry = stackalloc byte[12];
        for (var i = 0u; i < count; i++)
        {
            if (position + 12 > _stream.Length)
            {
                throw new ProverInputException(Path, $"truncated: section header {i + 1} of {count} is past the end of the file");
            }
            _stream.Position = position;
            _stream.ReadExactly(entry);
            var id = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            var size = BinaryPrimitives.ReadUInt64LittleEndian(entry[4..]);
            position += 12;
            if (size > (ulong)(_stream.Length - position))
            {
                throw new ProverInputException(Path, $"truncated: section {id} claims {size} bytes but only {_stream.Length - position} remain");
            }
            if (!_sections.TryGetValue(id, out var list))
            {
                list = new List<(long, long)>();
                _sections[id] = list;
            }
            list.Add((position, (long)size));
            position += (long)size;
        }
    }

    private static string Printable(string s) => new(s.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());

    public bool Has(uint id) => _sections.ContainsKey(id);

    /// <summary>A reader bounded to the one section with this id; a missing or repeated section is an error.</summary>
    public SectionReader Section(uint id, string what)
    {
        if (!_sections.TryGetValue(id, out var list))
        {
            throw new ProverInputException(Path, $"section {id} ({what}) is missing");
        }
        if (list.Count > 1)
        {
            throw new ProverInputException(Path, $"section {id} ({what}) appears {list.Count} times");
        }
        return new SectionReader(this, id, what, list[0].Offset, list[0].Size);
    }

    internal void ReadAt(long offset, Span<byte> destination)
    {
        _stream.Position = offset;
        _stream.ReadExactly(destination);
    }

    public void Dispose() => _stream.Dispose();
}
