using System.Numerics;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Chain;

/// <summary>An event log with its fields decoded, read by field name.</summary>
public sealed record DecodedLog(AbiEvent Event, Log Log, object?[] Values)
{
    public string Name => Event.Name;

    public object? this[string field]
    {
        get
        {
            for (var i = 0; i < Event.Inputs.Count; i++)
            {
                if (Event.Inputs[i].Name == field)
                {
                    return Values[i];
                }
            }
            throw new KeyNotFoundException($"{Event.Name} has no field '{field}'");
        }
    }

    public BigInteger Int(string field) => (BigInteger)this[field]!;

    public Address Address(string field) => (Address)this[field]!;

    /// <summary>A struct field of the event, read by name.</summary>
    public AbiStruct Struct(string field)
    {
        var input = Event.Inputs.First(i => i.Name == field);
        return new AbiStruct(input.Type.Components, (object?[])this[field]!);
    }
}
