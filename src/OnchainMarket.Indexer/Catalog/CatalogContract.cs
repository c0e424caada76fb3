using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Catalog;

/// <summary>A contract whose events are indexed: its name, the prefix of its tables and its ABI.</summary>
/// <param name="Name">The contract name as forge names its artifact (ProofMarket).</param>
/// <param name="TablePrefix">Prefix of its event tables (market).</param>
/// <param name="Abi">Its ABI.</param>
public sealed record CatalogContract(string Name, string TablePrefix, ContractAbi Abi);
