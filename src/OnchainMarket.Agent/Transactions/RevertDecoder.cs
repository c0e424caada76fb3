using System.Numerics;
using System.Reflection;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.ABI.Model;
using Nethereum.Contracts;
using OnchainMarket.Contracts.ProofMarket;
using OnchainMarket.Ethereum;

namespace OnchainMarket.Agent.Transactions;

/// <summary>
/// Turns revert data into a <see cref="ContractRevertException"/>: the selector picks one of the generated
/// <c>&lt;Name&gt;Error</c> types of any of our contracts (so a revert names its error whichever contract raised it),
/// or Solidity's built-in <c>Error(string)</c> / <c>Panic(uint256)</c>; Nethereum decodes the arguments.
/// </summary>
public static class RevertDecoder
{
    private static readonly Lazy<IReadOnlyDictionary<string, ErrorABI>> Known = new(Collect);

    /// <summary>The exception for <paramref name="data"/> (selector and arguments); unknown or malformed data keeps only the bytes.</summary>
    public static ContractRevertException ToException(byte[] data, Exception? innerException = null, Hash32? transactionHash = null)
    {
        if (data.Length >= 4 && Known.Value.TryGetValue(HexConvert.ToHex(data.AsSpan(0, 4)), out var error))
        {
            try
            {
                var arguments = error.DecodeErrorDataToDefault(HexConvert.ToHex(data)).Select(p => p.Result).ToArray();
                return new ContractRevertException(error.Name, arguments, data, innerException) { TransactionHash = transactionHash };
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException or IndexOutOfRangeException)
            {
                // The selector matched but the body did not: report the raw data rather than failing the caller.
            }
        }
        return new ContractRevertException(null, [], data, innerException) { TransactionHash = transactionHash };
    }

    /// <summary>
    /// The revert in a failure of Nethereum's client or contract handler (a node error with revert data, or the
    /// exceptions Nethereum raises for reverts it recognised itself); null when <paramref name="e"/> is no revert.
    /// </summary>
    public static ContractRevertException? FromNethereum(Exception e) => e switch
    {
        SmartContractCustomErrorRevertException custom => ToException(HexConvert.FromHex(custom.ExceptionEncodedData), e),
        Nethereum.ABI.FunctionEncoding.SmartContractRevertException reason => ToException(
            reason.EncodedData is { Length: > 0 } encoded ? HexConvert.FromHex(encoded) : [], e),
        Nethereum.JsonRpc.Client.RpcResponseException response when NodeErrors.RevertData(response) is { } data => ToException(data, e),
        _ => null,
    };

    /// <summary>Whether <paramref name="revert"/> is the generated custom error <typeparamref name="TError"/> (matched by selector).</summary>
    public static bool Is<TError>(ContractRevertException revert) =>
        revert.RevertData.Length >= 4
        && HexConvert.ToHex(revert.RevertData.AsSpan(0, 4)).Equals("0x" + ABITypedRegistry.GetError<TError>().Sha3Signature, StringComparison.OrdinalIgnoreCase);

    /// <summary>A one-line description: <c>Error("msg")</c>, <c>Panic(0x11: arithmetic overflow or underflow)</c>, <c>Name(1, 0xab..)</c>.</summary>
    public static string Describe(string? name, IReadOnlyList<object?> arguments, byte[] data)
    {
        if (data.Length == 0)
        {
            return "reverted without data";
        }
        if (name is null)
        {
            return $"reverted with unknown data {Shorten(HexConvert.ToHex(data))}";
        }
        if (name == "Panic" && arguments is [BigInteger code])
        {
            return $"Panic(0x{code:x2}: {DescribePanic(code)})";
        }
        return name + "(" + string.Join(", ", arguments.Select(Format)) + ")";
    }

    /// <summary>What a panic code means, per the Solidity documentation.</summary>
    private static string DescribePanic(BigInteger code) => (int)(code > 0xff ? -1 : code) switch
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

    private static string Shorten(string hex) => hex.Length <= 80 ? hex : hex[..77] + "...";

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        byte[] b => HexConvert.ToHex(b),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? "",
    };

    // Read from the generated [Error] types, i.e. from the ABI at build time; the built-ins are in no ABI.
    private static IReadOnlyDictionary<string, ErrorABI> Collect()
    {
        var errors = new Dictionary<string, ErrorABI>(StringComparer.OrdinalIgnoreCase);
        void Add(ErrorABI error) => errors["0x" + error.Sha3Signature] = error;
        Add(new ErrorABI("Error") { InputParameters = [new Parameter("string", "message", 1)] });
        Add(new ErrorABI("Panic") { InputParameters = [new Parameter("uint256", "code", 1)] });
        foreach (var type in typeof(ProofMarketService).Assembly.GetTypes().Where(t => !t.IsAbstract && t.GetCustomAttribute<ErrorAttribute>() is not null))
        {
            Add(ABITypedRegistry.GetError(type));
        }
        return errors;
    }
}
