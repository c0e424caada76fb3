namespace OnchainMarket.Ethereum;

/// <summary>One member of an EIP-712 struct type.</summary>
/// <param name="Name">The member name.</param>
/// <param name="Type">The member type: an atomic type, <c>string</c>, <c>bytes</c>, a struct name or an array of these.</param>
public sealed record Eip712Field(string Name, string Type);
