using System.Collections.Concurrent;

namespace OnchainMarket.Ethereum;

/// <summary>
/// Known custom errors by selector, each with an optional factory for its typed exception.
/// Generated bindings register their errors in <see cref="Default"/> from a module initializer.
/// </summary>
public sealed class RevertErrorRegistry
{
    private readonly ConcurrentDictionary<uint, Entry> _entries = new();

    /// <summary>The process-wide registry that bindings populate and the transaction layer uses.</summary>
    public static RevertErrorRegistry Default { get; } = new();

    /// <summary>Registers an error; a later registration of the same selector replaces the earlier one.</summary>
    public void Register(AbiError error, Func<DecodedRevert, Exception?, ContractRevertException>? factory = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        _entries[Key(error.Selector)] = new Entry(error, factory);
    }

    /// <summary>Registers every error of an ABI without typed exceptions.</summary>
    public void RegisterAll(ContractAbi abi)
    {
        ArgumentNullException.ThrowIfNull(abi);
        foreach (var error in abi.Errors)
        {
            _entries.TryAdd(Key(error.Selector), new Entry(error, null));
        }
    }

    /// <summary>Decodes revert data: <c>Error(string)</c>, <c>Panic(uint256)</c> or a registered custom error.</summary>
    public DecodedRevert Decode(ReadOnlySpan<byte> data)
    {
        var copy = data.ToArray();
        if (data.Length < 4)
        {
            return new DecodedRevert(null, null, [], copy);
        }
        var error = Lookup(data[..4], out _);
        if (error is null)
        {
            return new DecodedRevert(null, null, [], copy);
        }
        try
        {
            return new DecodedRevert(error.Name, error, error.DecodeArguments(data), copy);
        }
        catch (AbiException)
        {
            // The selector matched but the body did not: report the raw data rather than failing the caller.
            return new DecodedRevert(null, null, [], copy);
        }
    }

    /// <summary>The typed exception for revert data (a generated subtype when the error is registered with a factory).</summary>
    public ContractRevertException ToException(ReadOnlySpan<byte> data, Exception? innerException = null)
    {
        var revert = Decode(data);
        if (revert.Error is not null)
        {
            Lookup(revert.Error.Selector, out var factory);
            if (factory is not null)
            {
                return factory(revert, innerException);
            }
        }
        return new ContractRevertException(revert, innerException);
    }

    private AbiError? Lookup(ReadOnlySpan<byte> selector, out Func<DecodedRevert, Exception?, ContractRevertException>? factory)
    {
        factory = null;
        if (selector.SequenceEqual(AbiError.ErrorString.Selector))
        {
            return AbiError.ErrorString;
        }
        if (selector.SequenceEqual(AbiError.Panic.Selector))
        {
            return AbiError.Panic;
        }
        if (_entries.TryGetValue(Key(selector), out var entry))
        {
            factory = entry.Factory;
            return entry.Error;
        }
        return null;
    }

    private static uint Key(ReadOnlySpan<byte> selector) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(selector);

    private sealed record Entry(AbiError Error, Func<DecodedRevert, Exception?, ContractRevertException>? Factory);
}
