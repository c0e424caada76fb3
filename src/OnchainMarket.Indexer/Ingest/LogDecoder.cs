using OnchainMarket.Ethereum;
using OnchainMarket.Indexer.Catalog;
using OnchainMarket.Indexer.Ingest.Rpc;

namespace OnchainMarket.Indexer.Ingest;

/// <summary>
/// Finds each log's event table (by emitter and topic0, or topic0 alone without an address map) and decodes it.
/// A log that matches nothing, or fails to decode, is kept as an unknown log rather than dropped.
/// </summary>
public sealed class LogDecoder
{
    private readonly EventCatalog _catalog;
    private readonly IReadOnlyDictionary<Address, string> _contracts;

    /// <summary>Creates a decoder over a catalog and an address map (empty: resolve by topic0 alone).</summary>
    public LogDecoder(EventCatalog catalog, IReadOnlyDictionary<Address, string> contracts)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _contracts = contracts ?? throw new ArgumentNullException(nameof(contracts));
        foreach (var name in contracts.Values.Distinct())
        {
            if (!catalog.Contracts.Any(c => c.Name == name))
            {
                throw new ArgumentException($"address map names contract '{name}', which the event catalog does not know.", nameof(contracts));
            }
        }
    }

    /// <summary>The eth_getLogs filter every query uses: the contracts' addresses, or the catalogued topic0s.</summary>
    public LogQuery BaseQuery => _contracts.Count > 0
        ? new LogQuery { Addresses = _contracts.Keys.ToArray() }
        : new LogQuery { Topic0 = _catalog.Topics.ToArray() };

    /// <summary>Decodes one log.</summary>
    public DecodedLog Decode(Log log, long blockTime)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (log.Topics.Count > 0 && Resolve(log) is { } table && table.Event.Matches(log.Topics))
        {
            try
            {
                return new DecodedLog(log, blockTime, table, table.DecodeColumns(log.Topics, log.Data));
            }
            catch (AbiException)
            {
                // Malformed data for this event signature: keep the raw log below.
            }
        }
        return new DecodedLog(log, blockTime, null, []);
    }

    private EventTable? Resolve(Log log)
    {
        if (_contracts.Count == 0)
        {
            return _catalog.TryResolve(log.Topics[0], out var any) ? any : null;
        }
        return _contracts.TryGetValue(log.Address, out var contract) && _catalog.TryResolve(contract, log.Topics[0], out var table) ? table : null;
    }
}
