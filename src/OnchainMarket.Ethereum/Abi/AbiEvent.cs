namespace OnchainMarket.Ethereum;

/// <summary>A contract event: its topic0 and the decoding of indexed and non-indexed fields.</summary>
public sealed class AbiEvent
{
    /// <summary>Creates an event description.</summary>
    public AbiEvent(string name, IReadOnlyList<AbiParameter> inputs, bool anonymous = false)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Inputs = inputs ?? throw new ArgumentNullException(nameof(inputs));
        Anonymous = anonymous;
        Signature = name + "(" + string.Join(",", inputs.Select(i => i.Type.CanonicalName)) + ")";
        Topic0 = Keccak256.Hash(Signature);
    }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>The fields in declaration order.</summary>
    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>Anonymous events carry no topic0.</summary>
    public bool Anonymous { get; }

    /// <summary>The canonical signature.</summary>
    public string Signature { get; }

    /// <summary>keccak256 of the signature: the first topic of every (non-anonymous) log of this event.</summary>
    public Hash32 Topic0 { get; }

    /// <summary>Parses <c>Name(type1,type2)</c> with <c>indexed</c> markers, e.g. <c>Transfer(address indexed,address indexed,uint256)</c>.</summary>
    public static AbiEvent Parse(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var open = signature.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !signature.EndsWith(')'))
        {
            throw new AbiException($"'{signature}' is not an event signature.");
        }
        var body = signature[(open + 1)..^1];
        var parameters = new List<AbiParameter>();
        if (body.Trim().Length > 0)
        {
            var depth = 0;
            var start = 0;
            for (var i = 0; i <= body.Length; i++)
            {
                if (i == body.Length || (body[i] == ',' && depth == 0))
                {
                    var part = body[start..i].Trim();
                    var indexed = part.EndsWith(" indexed", StringComparison.Ordinal);
                    var typeText = indexed ? part[..^8].Trim() : part;
                    parameters.Add(new AbiParameter("", AbiType.Parse(typeText), indexed));
                    start = i + 1;
                }
                else if (body[i] == '(')
                {
                    depth++;
                }
                else if (body[i] == ')')
                {
                    depth--;
                }
            }
        }
        return new AbiEvent(signature[..open].Trim(), parameters);
    }

    /// <summary>
    /// Decodes a log's fields in declaration order. Indexed fields of dynamic or reference type
    /// (string, bytes, arrays, tuples) come back as the <see cref="Hash32"/> the topic holds.
    /// </summary>
    /// <exception cref="AbiException">The topics or data do not match this event.</exception>
    public object?[] Decode(IReadOnlyList<Hash32> topics, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var topicIndex = 0;
        if (!Anonymous)
        {
            if (topics.Count == 0 || topics[0] != Topic0)
            {
                throw new AbiException($"Log topic0 does not match {Signature}.");
            }
            topicIndex = 1;
        }
        var indexedCount = Inputs.Count(i => i.Indexed);
        if (topics.Count != topicIndex + indexedCount)
        {
            throw new AbiException($"{Signature} has {indexedCount} indexed field(s) but the log has {topics.Count - topicIndex} topic(s).");
        }
        var dataTypes = Inputs.Where(i => !i.Indexed).Select(i => i.Type).ToArray();
        var dataValues = AbiCodec.Decode(dataTypes, data);
        var result = new object?[Inputs.Count];
        var dataIndex = 0;
        for (var i = 0; i < Inputs.Count; i++)
        {
            var input = Inputs[i];
            if (!input.Indexed)
            {
                result[i] = dataValues[dataIndex++];
                continue;
            }
            var topic = topics[topicIndex++];
            var isReference = input.Type.IsDynamic || input.Type.Kind is AbiTypeKind.Tuple or AbiTypeKind.FixedArray;
            result[i] = isReference ? topic : AbiCodec.Decode(input.Type, topic.Span);
        }
        return result;
    }

    /// <summary>True when a log with these topics was emitted by this event (topic0 and topic count match).</summary>
    public bool Matches(IReadOnlyList<Hash32> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var indexedCount = Inputs.Count(i => i.Indexed);
        return Anonymous
            ? topics.Count == indexedCount
            : topics.Count == indexedCount + 1 && topics[0] == Topic0;
    }
}
