using System.Numerics;
using System.Text;
using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Catalog;

namespace OnchainMarket.Indexer.Tests.Support;

/// <summary>
/// Random but reproducible logs of catalogued events: values are drawn from small pools (ids 1–6, four
/// operators, three circuits) so that events pile up on the same keys and the derived state has work to do.
/// </summary>
public sealed class RandomEvents
{
    private static readonly Address[] Operators =
    [
        Address.Parse("0x1000000000000000000000000000000000000001"),
        Address.Parse("0x2000000000000000000000000000000000000002"),
        Address.Parse("0x3000000000000000000000000000000000000003"),
        Address.Parse("0x4000000000000000000000000000000000000004"),
    ];

    private static readonly byte[][] Words = [Word(0xA1), Word(0xB2), Word(0xC3)];

    private readonly Random _random;

    public RandomEvents(int seed) => _random = new Random(seed);

    /// <summary>A random event of <paramref name="contract"/> with random values, ready for the log emitter.</summary>
    public (IReadOnlyList<Hash32> Topics, byte[] Data) Next(string contract)
    {
        var tables = EventCatalog.Market().Tables.Where(t => t.Contract == contract).ToList();
        var table = tables[_random.Next(tables.Count)];
        var values = table.Event.Inputs.Select(i => Value(i.Type)).ToArray();
        return EventEncoder.Encode(table.Event, values);
    }

    private object? Value(AbiType type) => type.Kind switch
    {
        AbiTypeKind.UInt => _random.Next(4) == 0
            ? BigInteger.Remainder(new BigInteger(RandomBytes(32), isUnsigned: true), BigInteger.One << type.Size)
            : new BigInteger(1 + _random.Next(6)),
        AbiTypeKind.Int => new BigInteger(_random.Next(-3, 7)),
        AbiTypeKind.Address => Operators[_random.Next(Operators.Length)],
        AbiTypeKind.Bool => _random.Next(2) == 1,
        AbiTypeKind.FixedBytes => type.Size == 32 ? Words[_random.Next(Words.Length)] : RandomBytes(type.Size),
        AbiTypeKind.Bytes => RandomBytes(_random.Next(0, 40)),
        AbiTypeKind.String => Encoding.UTF8.GetString(RandomBytes(_random.Next(0, 12)).Select(b => (byte)('a' + (b % 26))).ToArray()),
        AbiTypeKind.Array => Enumerable.Range(0, _random.Next(0, 4)).Select(_ => Value(type.Element!)).ToArray(),
        AbiTypeKind.FixedArray => Enumerable.Range(0, type.Length).Select(_ => Value(type.Element!)).ToArray(),
        _ => type.Components.Select(c => Value(c.Type)).ToArray(),
    };

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Word(byte fill) => Enumerable.Repeat(fill, 32).ToArray();
}
