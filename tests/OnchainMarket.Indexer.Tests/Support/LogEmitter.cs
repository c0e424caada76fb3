using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Tests.Support;

/// <summary>
/// A contract in hand-assembled EVM bytecode that emits whatever log its calldata describes:
/// one byte with the topic count (0–4), the topics (32 bytes each), then the data. It lets the tests put any
/// catalogued event, with any values, at any address on a real anvil chain.
/// </summary>
public static class LogEmitter
{
    /// <summary>The creation code (deploys <see cref="Runtime"/>).</summary>
    public static byte[] CreationCode { get; } = BuildCreationCode();

    /// <summary>The runtime code.</summary>
    public static byte[] Runtime { get; } = BuildRuntime();

    /// <summary>Calldata that makes the emitter log these topics and data.</summary>
    public static byte[] Calldata(IReadOnlyList<Hash32> topics, ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(topics.Count, 4);
        var result = new byte[1 + (32 * topics.Count) + data.Length];
        result[0] = (byte)topics.Count;
        for (var i = 0; i < topics.Count; i++)
        {
            topics[i].Span.CopyTo(result.AsSpan(1 + (32 * i)));
        }
        data.CopyTo(result.AsSpan(1 + (32 * topics.Count)));
        return result;
    }

    private static byte[] BuildRuntime()
    {
        const int dispatchStart = 12;
        const int entrySize = 7;
        var code = new List<byte>
        {
            0x36, 0x60, 0x00, 0x60, 0x00, 0x37, // CALLDATACOPY(0, 0, CALLDATASIZE)
            0x60, 0x00, 0x51, 0x60, 0xF8, 0x1C, // n = MLOAD(0) >> 248
        };
        var labelsStart = dispatchStart + (5 * entrySize) + 1;
        var labels = new int[5];
        var bodies = new List<byte>();
        for (var k = 0; k <= 4; k++)
        {
            labels[k] = labelsStart + bodies.Count;
            bodies.Add(0x5B); // JUMPDEST
            bodies.Add(0x50); // POP n
            for (var i = k - 1; i >= 0; i--)
            {
                bodies.AddRange([0x60, (byte)(1 + (32 * i)), 0x51]); // MLOAD(1 + 32i): topic i
            }
            var offset = (byte)(1 + (32 * k));
            bodies.AddRange([0x60, offset, 0x36, 0x03]); // size = CALLDATASIZE - offset
            bodies.AddRange([0x60, offset]); // offset
            bodies.Add((byte)(0xA0 + k)); // LOGk
            bodies.Add(0x00); // STOP
        }
        for (var k = 0; k <= 4; k++)
        {
            code.AddRange([0x80, 0x60, (byte)k, 0x14, 0x60, (byte)labels[k], 0x57]); // DUP1 PUSH k EQ PUSH label JUMPI
        }
        code.Add(0xFE); // more than 4 topics: INVALID
        code.AddRange(bodies);
        return [.. code];
    }

    private static byte[] BuildCreationCode()
    {
        var runtime = BuildRuntime();
        var length = runtime.Length;
        byte[] prefix =
        [
            0x61, (byte)(length >> 8), (byte)length, 0x60, 0x0E, 0x60, 0x00, 0x39, // CODECOPY(0, 14, len)
            0x61, (byte)(length >> 8), (byte)length, 0x60, 0x00, 0xF3, // RETURN(0, len)
        ];
        return [.. prefix, .. runtime];
    }
}
