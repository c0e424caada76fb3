namespace OnchainMarket.Ethereum;

/// <summary>A Solidity custom error (or the built-in <c>Error(string)</c> / <c>Panic(uint256)</c>).</summary>
public sealed class AbiError
{
    /// <summary>Creates an error description.</summary>
    public AbiError(string name, IReadOnlyList<AbiParameter> inputs)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Inputs = inputs ?? throw new ArgumentNullException(nameof(inputs));
        Signature = name + "(" + string.Join(",", inputs.Select(i => i.Type.CanonicalName)) + ")";
        Selector = Keccak256.Hash(Signature).Span[..4].ToArray();
    }

    /// <summary>The error name.</summary>
    public string Name { get; }

    /// <summary>The error arguments.</summary>
    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>The canonical signature.</summary>
    public string Signature { get; }

    /// <summary>The 4-byte selector that starts the revert data.</summary>
    public byte[] Selector { get; }

    /// <summary><c>Error(string)</c>, raised by <c>require(cond, "message")</c> and <c>revert("message")</c>.</summary>
    public static AbiError ErrorString { get; } = new("Error", [new AbiParameter("message", AbiType.StringType)]);

    /// <summary><c>Panic(uint256)</c>, raised by failed asserts, overflow, division by zero and the like.</summary>
    public static AbiError Panic { get; } = new("Panic", [new AbiParameter("code", AbiType.UInt256)]);

    /// <summary>Parses <c>Name(type1,type2)</c>.</summary>
    public static AbiError Parse(string signature)
    {
        var function = AbiFunction.Parse(signature);
        return new AbiError(function.Name, function.Inputs);
    }

    /// <summary>Selector followed by the encoded arguments: the revert data this error produces.</summary>
    public byte[] Encode(params object?[] arguments) => [.. Selector, .. AbiCodec.Encode(Inputs.Select(i => i.Type).ToArray(), arguments)];

    /// <summary>Decodes the arguments of revert data that starts with this error's selector.</summary>
    public object?[] DecodeArguments(ReadOnlySpan<byte> revertData)
    {
        if (revertData.Length < 4 || !revertData[..4].SequenceEqual(Selector))
        {
            throw new AbiException($"Revert data does not start with the selector of {Signature}.");
        }
        return AbiCodec.Decode(Inputs.Select(i => i.Type).ToArray(), revertData[4..]);
    }
}
