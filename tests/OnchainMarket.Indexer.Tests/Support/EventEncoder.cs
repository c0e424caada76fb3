using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Tests.Support;

/// <summary>ABI-encodes an event's values into the topics and data a log of it carries.</summary>
public static class EventEncoder
{
    public static (IReadOnlyList<Hash32> Topics, byte[] Data) Encode(AbiEvent abiEvent, IReadOnlyList<object?> values)
    {
        var topics = new List<Hash32> { abiEvent.Topic0 };
        var dataTypes = new List<AbiType>();
        var dataValues = new List<object?>();
        for (var i = 0; i < abiEvent.Inputs.Count; i++)
        {
            var input = abiEvent.Inputs[i];
            if (input.Indexed)
            {
                topics.Add(values[i] is Hash32 h && (input.Type.IsDynamic || input.Type.Kind is AbiTypeKind.Tuple or AbiTypeKind.FixedArray)
                    ? h
                    : AbiCodec.EncodeTopic(input.Type, values[i]));
            }
            else
            {
                dataTypes.Add(input.Type);
                dataValues.Add(values[i]);
            }
        }
        return (topics, AbiCodec.Encode(dataTypes, dataValues));
    }
}
