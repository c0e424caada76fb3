namespace OnchainMarket.Ethereum;

/// <summary>A named ABI parameter: a function input or output, an event field, a tuple component.</summary>
/// <param name="Name">The Solidity name; empty when unnamed.</param>
/// <param name="Type">The type.</param>
/// <param name="Indexed">For event fields: whether the value is a topic.</param>
/// <param name="InternalType">The compiler's <c>internalType</c> (e.g. <c>struct IProofMarket.Request</c>), when known.</param>
public sealed record AbiParameter(string Name, AbiType Type, bool Indexed = false, string? InternalType = null);
