namespace OnchainMarket.Ethereum;

/// <summary>A signed transaction ready for <c>eth_sendRawTransaction</c>.</summary>
/// <param name="Raw">The raw encoding (the typed envelope for typed transactions).</param>
/// <param name="Hash">keccak256 of <paramref name="Raw"/>: the transaction hash.</param>
/// <param name="From">The signer.</param>
public sealed record SignedTransaction(byte[] Raw, Hash32 Hash, Address From)
{
    /// <summary>The raw transaction as 0x-hex.</summary>
    public string RawHex => HexConvert.ToHex(Raw);
}
