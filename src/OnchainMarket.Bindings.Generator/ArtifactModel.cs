using System;
using System.Collections.Generic;
using System.Linq;

namespace OnchainMarket.Bindings.Generator;

/// <summary>One ABI parameter as forge writes it.</summary>
internal sealed class AbiParam
{
    public AbiParam(string name, string type, string? internalType, bool indexed, IReadOnlyList<AbiParam> components)
    {
        Name = name;
        Type = type;
        InternalType = internalType;
        Indexed = indexed;
        Components = components;
    }

    public string Name { get; }

    public string Type { get; }

    public string? InternalType { get; }

    public bool Indexed { get; }

    public IReadOnlyList<AbiParam> Components { get; }

    /// <summary>The canonical type: tuples spelled out as (a,b), array suffixes kept.</summary>
    public string Canonical => Type.StartsWith("tuple", StringComparison.Ordinal)
        ? "(" + string.Join(",", Components.Select(c => c.Canonical)) + ")" + Type.Substring(5)
        : Type;

    public static AbiParam FromJson(object? value)
    {
        var obj = value as Dictionary<string, object?> ?? throw new FormatException("ABI parameter is not an object.");
        var components = obj.TryGetValue("components", out var c) && c is List<object?> list ? list.Select(FromJson).ToArray() : Array.Empty<AbiParam>();
        return new AbiParam(
            obj.TryGetValue("name", out var n) && n is string name ? name : "",
            obj.TryGetValue("type", out var t) && t is string type ? type : throw new FormatException("ABI parameter lacks a type."),
            obj.TryGetValue("internalType", out var it) ? it as string : null,
            obj.TryGetValue("indexed", out var ix) && ix is true,
            components);
    }
}

/// <summary>One ABI entry: function, event, error or constructor.</summary>
internal sealed class AbiEntry
{
    public AbiEntry(string kind, string name, IReadOnlyList<AbiParam> inputs, IReadOnlyList<AbiParam> outputs, string stateMutability, bool anonymous)
    {
        Kind = kind;
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
        StateMutability = stateMutability;
        Anonymous = anonymous;
    }

    public string Kind { get; }

    public string Name { get; }

    public IReadOnlyList<AbiParam> Inputs { get; }

    public IReadOnlyList<AbiParam> Outputs { get; }

    public string StateMutability { get; }

    public bool Anonymous { get; }

    public bool IsReadOnly => StateMutability == "view" || StateMutability == "pure";

    public bool IsPayable => StateMutability == "payable";

    public string Signature => Name + "(" + string.Join(",", Inputs.Select(i => i.Canonical)) + ")";
}

/// <summary>A forge artifact reduced to what the bindings need. Equality is by content so the incremental pipeline can cache.</summary>
internal sealed class ContractArtifact : IEquatable<ContractArtifact>
{
    public ContractArtifact(string name, string sourcePath, string abiJson, string bytecode, IReadOnlyList<AbiEntry> entries)
    {
        Name = name;
        SourcePath = sourcePath;
        AbiJson = abiJson;
        Bytecode = bytecode;
        Entries = entries;
    }

    public string Name { get; }

    public string SourcePath { get; }

    public string AbiJson { get; }

    /// <summary>Creation bytecode (0x-hex); empty for abstract contracts, interfaces and unlinked code.</summary>
    public string Bytecode { get; }

    public IReadOnlyList<AbiEntry> Entries { get; }

    /// <summary>Reads a forge artifact; null when the file is not one (no abi, no compilation target).</summary>
    public static ContractArtifact? TryParse(string json)
    {
        if (!(MiniJson.Parse(json) is Dictionary<string, object?> root) || !(root.TryGetValue("abi", out var abiValue) && abiValue is List<object?> abi))
        {
            return null;
        }
        if (!root.TryGetValue("metadata", out var metadataValue))
        {
            return null;
        }
        // forge writes metadata as an object; solc's standard output has it as a JSON string.
        var metadata = metadataValue as Dictionary<string, object?> ?? (metadataValue is string s ? MiniJson.Parse(s) as Dictionary<string, object?> : null);
        if (metadata is null
            || !(metadata.TryGetValue("settings", out var settingsValue) && settingsValue is Dictionary<string, object?> settings)
            || !(settings.TryGetValue("compilationTarget", out var targetValue) && targetValue is Dictionary<string, object?> target)
            || target.Count != 1)
        {
            return null;
        }
        var pair = target.First();
        var bytecode = root.TryGetValue("bytecode", out var b) && b is Dictionary<string, object?> bytecodeObject
            && bytecodeObject.TryGetValue("object", out var o) && o is string code ? code : "";
        if (!bytecode.StartsWith("0x", StringComparison.Ordinal))
        {
            bytecode = "0x" + bytecode;
        }
        // Unlinked library placeholders (__$...$__) cannot be deployed as they are.
        if (bytecode.Length <= 2 || bytecode.IndexOf("__", StringComparison.Ordinal) >= 0)
        {
            bytecode = "";
        }
        var entries = new List<AbiEntry>();
        foreach (var item in abi.OfType<Dictionary<string, object?>>())
        {
            var kind = item.TryGetValue("type", out var k) && k is string kindText ? kindText : "function";
            entries.Add(new AbiEntry(
                kind,
                item.TryGetValue("name", out var n) && n is string name ? name : "",
                Params(item, "inputs"),
                Params(item, "outputs"),
                item.TryGetValue("stateMutability", out var m) && m is string mutability ? mutability : "nonpayable",
                item.TryGetValue("anonymous", out var a) && a is true));
        }
        return new ContractArtifact(pair.Value as string ?? "", pair.Key.Replace('\\', '/'), MiniJson.Write(abi), bytecode, entries);
    }

    private static AbiParam[] Params(Dictionary<string, object?> item, string property) =>
        item.TryGetValue(property, out var value) && value is List<object?> list ? list.Select(AbiParam.FromJson).ToArray() : Array.Empty<AbiParam>();

    public bool Equals(ContractArtifact? other) =>
        other is not null && Name == other.Name && SourcePath == other.SourcePath && AbiJson == other.AbiJson && Bytecode == other.Bytecode;

    public override bool Equals(object? obj) => Equals(obj as ContractArtifact);

    public override int GetHashCode() => (Name + "|" + SourcePath).GetHashCode() ^ AbiJson.Length ^ Bytecode.Length;
}
