using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Catalog;
using OnchainMarket.Indexer.Tests.Support;
using Xunit;

namespace OnchainMarket.Indexer.Tests;

/// <summary>
/// The direct column reads must agree with the general ABI decoder: the same values for valid logs, and a
/// failure exactly where the general decoder fails (out-of-range integers, dirty padding, short data).
/// </summary>
public sealed class RowDecoderTests
{
    [Fact]
    public void Direct_reads_match_the_general_decoder_on_valid_and_corrupted_logs()
    {
        var catalog = EventCatalog.Market();
        var random = new Random(17);
        var events = new RandomEvents(17);
        int agreed = 0, failedBoth = 0;
        foreach (var (contract, _) in EventCatalog.MarketContracts)
        {
            for (var n = 0; n < 400; n++)
            {
                var (topics, data) = events.Next(contract);
                Assert.True(catalog.TryResolve(contract, topics[0], out var table));
                var (badTopics, badData) = Corrupt(random, topics, data);
                foreach (var (t, d) in new[] { (topics, data), (badTopics, badData) })
                {
                    var expected = General(table, t, d);
                    ColumnCell[]? actual;
                    try
                    {
                        actual = table.DecodeColumns(t, d);
                    }
                    catch (AbiException)
                    {
                        actual = null;
                    }
                    Assert.True((expected is null) == (actual is null),
                        $"{table.TableName}: general decoder {(expected is null ? "failed" : "succeeded")}, direct reads did not");
                    if (expected is null)
                    {
                        failedBoth++;
                        continue;
                    }
                    for (var i = 0; i < table.Columns.Count; i++)
                    {
                        Assert.Equal(expected[i], actual![i].ToObject(table.Columns[i].Kind));
                    }
                    agreed++;
                }
            }
        }
        // Both outcomes must actually occur, or the comparison proves little.
        Assert.True(agreed > 1000 && failedBoth > 100, $"agreed {agreed}, failed both {failedBoth}");
    }

    private static object?[]? General(EventTable table, IReadOnlyList<Hash32> topics, byte[] data)
    {
        object?[] decoded;
        try
        {
            decoded = table.Event.Decode(topics, data);
        }
        catch (AbiException)
        {
            return null;
        }
        return table.Columns.Select(c =>
        {
            object? value = decoded[c.Path[0]];
            foreach (var index in c.Path.Skip(1))
            {
                value = ((object?[])value!)[index];
            }
            return ColumnValues.ToColumn(c.Kind, value);
        }).ToArray();
    }

    // One of: a byte of a topic or data word set high (breaks padding and integer ranges), or the data cut short.
    private static (IReadOnlyList<Hash32>, byte[]) Corrupt(Random random, IReadOnlyList<Hash32> topics, byte[] data)
    {
        var copy = (byte[])data.Clone();
        var choice = random.Next(3);
        if (choice == 0 && topics.Count > 1)
        {
            var index = 1 + random.Next(topics.Count - 1);
            var word = topics[index].ToArray();
            word[random.Next(32)] = (byte)random.Next(256);
            return (topics.Select((t, i) => i == index ? new Hash32(word) : t).ToArray(), copy);
        }
        if (choice == 1 && copy.Length > 0)
        {
            copy[random.Next(copy.Length)] = (byte)(1 + random.Next(255));
            return (topics, copy);
        }
        return (topics, copy[..Math.Max(0, copy.Length - 32 * (1 + random.Next(2)))]);
    }
}
