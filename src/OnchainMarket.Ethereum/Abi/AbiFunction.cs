namespace OnchainMarket.Ethereum;

/// <summary>A contract function: its signature, selector and calldata/return-data codec.</summary>
public sealed class AbiFunction
{
    /// <summary>Creates a function description.</summary>
    public AbiFunction(string name, IReadOnlyList<AbiParameter> inputs, IReadOnlyList<AbiParameter> outputs, string stateMutability = "nonpayable")
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Inputs = inputs ?? throw new ArgumentNullException(nameof(inputs));
        Outputs = outputs ?? throw new ArgumentNullException(nameof(outputs));
        StateMutability = stateMutability;
        Signature = name + "(" + string.Join(",", inputs.Select(i => i.Type.CanonicalName)) + ")";
        Selector = Keccak256.Hash(Signature).Span[..4].ToArray();
    }

    /// <summary>The function name.</summary>
    public string Name { get; }

    /// <summary>The inputs.</summary>
    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>The outputs.</summary>
    public IReadOnlyList<AbiParameter> Outputs { get; }

    /// <summary><c>pure</c>, <c>view</c>, <c>nonpayable</c> or <c>payable</c>.</summary>
    public string StateMutability { get; }

    /// <summary>True for <c>view</c> and <c>pure</c> functions.</summary>
    public bool IsReadOnly => StateMutability is "view" or "pure";

    /// <summary>The canonical signature, e.g. <c>transfer(address,uint256)</c>.</summary>
    public string Signature { get; }

    /// <summary>The 4-byte selector.</summary>
    public byte[] Selector { get; }

    /// <summary>Parses a human-readable signature such as <c>transfer(address,uint256)</c> with optional <c>returns (...)</c>.</summary>
    public static AbiFunction Parse(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var text = signature.Trim();
        var returnsAt = text.IndexOf(" returns ", StringComparison.Ordinal);
        var outputs = Array.Empty<AbiParameter>();
        if (returnsAt >= 0)
        {
            outputs = AbiType.Parse(text[(returnsAt + 9)..].Trim()).Components.ToArray();
            text = text[..returnsAt];
        }
        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0)
        {
            throw new AbiException($"'{signature}' is not a function signature: expected name(types).");
        }
        var inputs = AbiType.Parse(text[open..]).Components;
        return new AbiFunction(text[..open], inputs, outputs);
    }

    /// <summary>Selector followed by the ABI-encoded arguments.</summary>
    public byte[] EncodeCall(params object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Length != Inputs.Count)
        {
            throw new AbiException($"{Signature} takes {Inputs.Count} argument(s), got {arguments.Length}.");
        }
        var encoded = AbiCodec.Encode(Inputs.Select(i => i.Type).ToArray(), arguments);
        return [.. Selector, .. encoded];
    }

    /// <summary>Decodes calldata (selector included) back into arguments.</summary>
    public object?[] DecodeCall(ReadOnlySpan<byte> calldata)
    {
        if (calldata.Length < 4 || !calldata[..4].SequenceEqual(Selector))
        {
            throw new AbiException($"Calldata does not start with the selector of {Signature}.");
        }
        return AbiCodec.Decode(Inputs.Select(i => i.Type).ToArray(), calldata[4..]);
    }

    /// <summary>Decodes return data into the outputs.</summary>
    public object?[] DecodeOutput(ReadOnlySpan<byte> returnData) => AbiCodec.Decode(Outputs.Select(o => o.Type).ToArray(), returnData);
}
