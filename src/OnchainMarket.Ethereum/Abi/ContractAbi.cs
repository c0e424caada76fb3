using System.Text.Json;

namespace OnchainMarket.Ethereum;

/// <summary>A contract's JSON ABI as the indexer and the test contracts need it: functions, events and constructor (reverts are decoded by the prover client, with Nethereum).</summary>
public sealed class ContractAbi
{
    private ContractAbi(IReadOnlyList<AbiFunction> functions, IReadOnlyList<AbiEvent> events, IReadOnlyList<AbiParameter> constructorInputs)
    {
        Functions = functions;
        Events = events;
        ConstructorInputs = constructorInputs;
    }

    /// <summary>Functions (overloads appear once each).</summary>
    public IReadOnlyList<AbiFunction> Functions { get; }

    /// <summary>Events.</summary>
    public IReadOnlyList<AbiEvent> Events { get; }

    /// <summary>Constructor inputs (empty when there is no explicit constructor).</summary>
    public IReadOnlyList<AbiParameter> ConstructorInputs { get; }

    /// <summary>Parses a JSON ABI array, or a forge artifact object holding one under <c>abi</c>.</summary>
    public static ContractAbi Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FromJson(document.RootElement);
    }

    /// <summary>Reads a JSON ABI array, or a forge artifact object holding one under <c>abi</c>.</summary>
    public static ContractAbi FromJson(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("abi", out var abi))
        {
            element = abi;
        }
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new AbiException("A JSON ABI must be an array of entries.");
        }
        var functions = new List<AbiFunction>();
        var events = new List<AbiEvent>();
        var constructorInputs = new List<AbiParameter>();
        foreach (var entry in element.EnumerateArray())
        {
            var kind = entry.TryGetProperty("type", out var t) ? t.GetString() : "function";
            var name = entry.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
            var inputs = Params(entry, "inputs");
            switch (kind)
            {
                case "function":
                    var mutability = entry.TryGetProperty("stateMutability", out var m) ? m.GetString() ?? "nonpayable" : "nonpayable";
                    functions.Add(new AbiFunction(name, inputs, Params(entry, "outputs"), mutability));
                    break;
                case "event":
                    var anonymous = entry.TryGetProperty("anonymous", out var a) && a.ValueKind == JsonValueKind.True;
                    events.Add(new AbiEvent(name, inputs, anonymous));
                    break;
                case "constructor":
                    constructorInputs.AddRange(inputs);
                    break;
            }
        }
        return new ContractAbi(functions, events, constructorInputs);
    }

    private static AbiParameter[] Params(JsonElement entry, string property) =>
        entry.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(AbiType.ParameterFromJson).ToArray()
            : [];

    /// <summary>The function with this name; throws when absent or overloaded (use the signature then).</summary>
    public AbiFunction Function(string nameOrSignature)
    {
        var matches = Functions.Where(f => f.Name == nameOrSignature || f.Signature == nameOrSignature).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new AbiException($"The ABI has no function '{nameOrSignature}'."),
            _ => throw new AbiException($"'{nameOrSignature}' is overloaded; name it by signature: {string.Join(", ", matches.Select(f => f.Signature))}."),
        };
    }

    /// <summary>The event with this name.</summary>
    public AbiEvent Event(string name) =>
        Events.FirstOrDefault(e => e.Name == name || e.Signature == name) ?? throw new AbiException($"The ABI has no event '{name}'.");
}
