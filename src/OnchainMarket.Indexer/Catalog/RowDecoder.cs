using System.Buffers.Binary;
using System.Numerics;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Catalog;

/// <summary>
/// Decodes one event's logs into column cells, with a plan built once per table: a column whose value is a
/// static scalar (integer, bool, address, bytesN, or an indexed reference value's topic hash) at a fixed topic or
/// data offset is read straight from its 32-byte word, unboxed. Only an event with some other column (strings,
/// bytes, arrays, fields behind a dynamic tuple) runs the general <see cref="AbiEvent.Decode"/>, and only those
/// columns take its values. The direct reads check exactly what <see cref="AbiCodec"/> checks (word bounds,
/// padding, range), so a malformed log fails here as it would there.
/// </summary>
internal sealed class RowDecoder
{
    private readonly AbiEvent _event;
    private readonly IReadOnlyList<EventColumn> _columns;
    private readonly Source?[] _sources;
    private readonly bool _needsGeneral;
    private readonly int _topicCount;

    public RowDecoder(AbiEvent abiEvent, IReadOnlyList<EventColumn> columns)
    {
        _event = abiEvent;
        _columns = columns;
        _topicCount = (abiEvent.Anonymous ? 0 : 1) + abiEvent.Inputs.Count(i => i.Indexed);
        var topics = new int[abiEvent.Inputs.Count];
        var offsets = new int?[abiEvent.Inputs.Count];
        int topic = abiEvent.Anonymous ? 0 : 1, offset = 0;
        for (var i = 0; i < abiEvent.Inputs.Count; i++)
        {
            var input = abiEvent.Inputs[i];
            if (input.Indexed)
            {
                topics[i] = topic++;
                continue;
            }
            offsets[i] = input.Type.IsDynamic ? null : offset;
            offset += input.Type.HeadSize;
        }
        _sources = columns.Select(c => Plan(abiEvent, c, topics, offsets)).ToArray();
        _needsGeneral = _sources.Any(s => s is null);
    }

    public ColumnCell[] Decode(IReadOnlyList<Hash32> topics, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        // The general decoder checks topic0 and the topic count itself; the direct path checks them here.
        var general = _needsGeneral ? _event.Decode(topics, data) : null;
        if (general is null && (topics.Count != _topicCount || (!_event.Anonymous && topics[0] != _event.Topic0)))
        {
            throw new AbiException($"Log topics do not match {_event.Signature}.");
        }
        var cells = new ColumnCell[_columns.Count];
        for (var i = 0; i < cells.Length; i++)
        {
            var column = _columns[i];
            if (_sources[i] is { } source)
            {
                cells[i] = source.Read(column, topics, data);
                continue;
            }
            object? value = general![column.Path[0]];
            for (var depth = 1; depth < column.Path.Count; depth++)
            {
                value = ((object?[])value!)[column.Path[depth]];
            }
            cells[i] = ColumnCell.FromColumnValue(column.Kind, ColumnValues.ToColumn(column.Kind, value));
        }
        return cells;
    }

    /// <summary>Where a directly readable column's word sits, or null when the column needs the general decoder.</summary>
    private static Source? Plan(AbiEvent abiEvent, EventColumn column, int[] topics, int?[] offsets)
    {
        var field = column.Path[0];
        if (abiEvent.Inputs[field].Indexed)
        {
            return column.Path.Count == 1 && (column.IsTopicHash || IsScalar(column))
                ? new Source(true, topics[field], column.IsTopicHash ? null : column.SolidityType)
                : null;
        }
        if (offsets[field] is not { } offset)
        {
            return null;
        }
        // A static tuple lies inline: its components follow one another at their head sizes.
        var type = abiEvent.Inputs[field].Type;
        for (var depth = 1; depth < column.Path.Count; depth++)
        {
            if (type.Kind != AbiTypeKind.Tuple)
            {
                return null;
            }
            var component = column.Path[depth];
            offset += type.Components.Take(component).Sum(c => c.Type.HeadSize);
            type = type.Components[component].Type;
        }
        return IsScalar(column) && type.Equals(column.SolidityType) ? new Source(false, offset, type) : null;
    }

    private static bool IsScalar(EventColumn column) =>
        !column.IsTopicHash
        && column.SolidityType.Kind is AbiTypeKind.UInt or AbiTypeKind.Int or AbiTypeKind.Bool or AbiTypeKind.Address or AbiTypeKind.FixedBytes
        && ColumnValues.KindOf(column.SolidityType) == column.Kind;

    /// <param name="FromTopic">The word is a topic (else a data word).</param>
    /// <param name="Position">The topic index, or the data offset.</param>
    /// <param name="Type">The scalar type, or null for an indexed reference value's topic hash.</param>
    private sealed record Source(bool FromTopic, int Position, AbiType? Type)
    {
        public ColumnCell Read(EventColumn column, IReadOnlyList<Hash32> topics, ReadOnlySpan<byte> data)
        {
            ReadOnlySpan<byte> word;
            if (FromTopic)
            {
                word = topics[Position].Span;
            }
            else if ((long)Position + 32 > data.Length)
            {
                throw new AbiException($"{column.Name}: data ends at {data.Length} bytes, before the word at offset {Position}.");
            }
            else
            {
                word = data.Slice(Position, 32);
            }
            return Type is null ? ColumnCell.FromReference(word.ToArray()) : ReadScalar(column, Type, word);
        }

        private static ColumnCell ReadScalar(EventColumn column, AbiType type, ReadOnlySpan<byte> word)
        {
            switch (type.Kind)
            {
                case AbiTypeKind.UInt:
                    if (word[..(32 - type.Size / 8)].IndexOfAnyExcept((byte)0) >= 0)
                    {
                        throw new AbiException($"{column.Name}: value does not fit in {type}.");
                    }
                    if (column.Kind == ColumnKind.BigInt)
                    {
                        return ColumnCell.FromInt64((long)BinaryPrimitives.ReadUInt64BigEndian(word[24..]));
                    }
                    // Below 2^96 the value is a decimal's 96-bit mantissa: no BigInteger on the way.
                    if (word[..20].IndexOfAnyExcept((byte)0) < 0)
                    {
                        return ColumnCell.FromDecimal(new decimal(
                            BinaryPrimitives.ReadInt32BigEndian(word[28..]),
                            BinaryPrimitives.ReadInt32BigEndian(word[24..28]),
                            BinaryPrimitives.ReadInt32BigEndian(word[20..24]),
                            false, 0));
                    }
                    return ColumnCell.FromNumeric(new BigInteger(word, isUnsigned: true, isBigEndian: true));
                case AbiTypeKind.Int when column.Kind == ColumnKind.BigInt:
                    var low = BinaryPrimitives.ReadInt64BigEndian(word[24..]);
                    if (word[..24].IndexOfAnyExcept(low < 0 ? (byte)0xFF : (byte)0) >= 0
                        || (type.Size < 64 && (low < -(1L << (type.Size - 1)) || low >= 1L << (type.Size - 1))))
                    {
                        throw new AbiException($"{column.Name}: value does not fit in {type}.");
                    }
                    return ColumnCell.FromInt64(low);
                case AbiTypeKind.Int:
                    var signed = new BigInteger(word, isUnsigned: false, isBigEndian: true);
                    if (signed < -(BigInteger.One << (type.Size - 1)) || signed >= BigInteger.One << (type.Size - 1))
                    {
                        throw new AbiException($"{column.Name}: {signed} does not fit in {type}.");
                    }
                    return ColumnCell.FromNumeric(signed);
                case AbiTypeKind.Bool:
                    if (word[..31].IndexOfAnyExcept((byte)0) >= 0 || word[31] > 1)
                    {
                        throw new AbiException($"{column.Name}: bool word is neither 0 nor 1.");
                    }
                    return ColumnCell.FromBoolean(word[31] == 1);
                case AbiTypeKind.Address:
                    if (word[..12].IndexOfAnyExcept((byte)0) >= 0)
                    {
                        throw new AbiException($"{column.Name}: address word has non-zero high bytes.");
                    }
                    return ColumnCell.FromReference(word[12..].ToArray());
                default:
                    if (word[type.Size..].IndexOfAnyExcept((byte)0) >= 0)
                    {
                        throw new AbiException($"{column.Name}: '{type}' has non-zero padding.");
                    }
                    return ColumnCell.FromReference(word[..type.Size].ToArray());
            }
        }
    }
}
