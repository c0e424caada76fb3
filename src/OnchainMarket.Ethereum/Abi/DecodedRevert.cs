using System.Numerics;

namespace OnchainMarket.Ethereum;

/// <summary>Revert data decoded against the known errors.</summary>
/// <param name="Name">The error name (<c>Error</c>, <c>Panic</c>, a custom error's name), or null when the selector is unknown or the data is empty.</param>
/// <param name="Error">The matched error description, when known.</param>
/// <param name="Arguments">The decoded arguments (empty when unknown).</param>
/// <param name="Data">The raw revert data.</param>
public sealed record DecodedRevert(string? Name, AbiError? Error, IReadOnlyList<object?> Arguments, byte[] Data)
{
    /// <summary>The message of an <c>Error(string)</c> revert.</summary>
    public string? Reason => Name == "Error" && Arguments.Count == 1 ? Arguments[0] as string : null;

    /// <summary>The code of a <c>Panic(uint256)</c> revert.</summary>
    public BigInteger? PanicCode => Name == "Panic" && Arguments.Count == 1 && Arguments[0] is BigInteger code ? code : null;

    /// <summary>What a panic code means, per the Solidity documentation.</summary>
    public static string DescribePanic(BigInteger code) => (int)(code > 0xff ? -1 : code) switch
    {
        0x00 => "generic compiler panic",
        0x01 => "assertion failed",
        0x11 => "arithmetic overflow or underflow",
        0x12 => "division or modulo by zero",
        0x21 => "conversion to an invalid enum value",
        0x22 => "access to an incorrectly encoded storage byte array",
        0x31 => "pop() on an empty array",
        0x32 => "array index out of bounds",
        0x41 => "out of memory (too large an allocation)",
        0x51 => "call to a zero-initialised internal function variable",
        _ => "unknown panic code",
    };

    /// <summary>A one-line human description: <c>Error("msg")</c>, <c>Panic(0x11: arithmetic overflow...)</c>, <c>Custom(1, 0xab..)</c>.</summary>
    public string Describe()
    {
        if (Data.Length == 0)
        {
            return "reverted without data";
        }
        if (Name is null)
        {
            return $"reverted with unknown data {HexConvert.Truncate(HexConvert.ToHex(Data))}";
        }
        if (PanicCode is { } panic)
        {
            return $"Panic(0x{panic:x2}: {DescribePanic(panic)})";
        }
        return Name + "(" + string.Join(", ", Arguments.Select(FormatArgument)) + ")";
    }

    private static string FormatArgument(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        byte[] b => HexConvert.ToHex(b),
        bool b => b ? "true" : "false",
        object?[] list => "[" + string.Join(", ", list.Select(FormatArgument)) + "]",
        _ => value.ToString() ?? "",
    };
}
