using System;

namespace OnchainMarket.Bindings.Generator;

/// <summary>How one ABI type maps to C#: its type name and the expressions that convert to and from codec values.</summary>
internal sealed class TypeDesc
{
    private TypeDesc(string cs, TypeDesc? element, string? structName)
    {
        Cs = cs;
        Element = element;
        StructName = structName;
    }

    /// <summary>The C# type.</summary>
    public string Cs { get; }

    /// <summary>The element of an array type.</summary>
    public TypeDesc? Element { get; }

    /// <summary>The generated record of a tuple type.</summary>
    public string? StructName { get; }

    public static TypeDesc Scalar(string cs) => new(cs, null, null);

    public static TypeDesc Array(TypeDesc element) => new(element.Cs + "[]", element, null);

    public static TypeDesc Struct(string name) => new(name, null, name);

    /// <summary>Whether conversion to codec values is the identity (no records inside).</summary>
    public bool IsPlain => StructName is null && (Element is null || Element.IsPlain);

    /// <summary>An expression turning <paramref name="expr"/> into what <c>AbiCodec</c> takes.</summary>
    public string ToAbi(string expr, int depth = 0)
    {
        if (StructName is not null)
        {
            return expr + ".ToAbiValues()";
        }
        if (Element is null || IsPlain)
        {
            return expr;
        }
        var x = "x" + depth;
        return $"global::System.Array.ConvertAll({expr}, {x} => (object?){Element.ToAbi(x, depth + 1)})";
    }

    /// <summary>An expression turning a decoded codec value <paramref name="expr"/> into <see cref="Cs"/>.</summary>
    public string FromAbi(string expr, int depth = 0)
    {
        if (StructName is not null)
        {
            return $"{StructName}.FromAbiValues((object?[]){expr}!)";
        }
        if (Element is null)
        {
            return $"({Cs}){expr}!";
        }
        var x = "x" + depth;
        return $"global::System.Array.ConvertAll((object?[]){expr}!, {x} => {Element.FromAbi(x, depth + 1)})";
    }

    public override string ToString() => Cs ?? throw new InvalidOperationException();
}
