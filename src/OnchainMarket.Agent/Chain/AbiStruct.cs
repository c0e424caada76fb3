using System.Numerics;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Chain;

/// <summary>Reads a decoded ABI tuple by component name, so struct field order changes do not silently shift values.</summary>
public sealed class AbiStruct
{
    private readonly Dictionary<string, object?> _fields;

    public AbiStruct(IReadOnlyList<AbiParameter> components, object?[] values)
    {
        _fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < components.Count; i++)
        {
            _fields[components[i].Name] = values[i];
        }
    }

    /// <summary>Builds the values of a tuple from named fields, in the ABI's order; a missing field is an error.</summary>
    public static object?[] Encode(IReadOnlyList<AbiParameter> components, IReadOnlyDictionary<string, object?> fields) =>
        [.. components.Select(c => fields.TryGetValue(c.Name, out var v)
            ? v
            : throw new ArgumentException($"the struct field '{c.Name}' was not given"))];

    public object? this[string name] => _fields.TryGetValue(name, out var value)
        ? value
        : throw new KeyNotFoundException($"the struct has no field '{name}'");

    public BigInteger Int(string name) => (BigInteger)this[name]!;

    public long Long(string name) => (long)(BigInteger)this[name]!;

    public Address Address(string name) => (Address)this[name]!;

    public bool Bool(string name) => (bool)this[name]!;

    public byte[] Bytes(string name) => (byte[])this[name]!;

    public string String(string name) => (string)this[name]!;
}
