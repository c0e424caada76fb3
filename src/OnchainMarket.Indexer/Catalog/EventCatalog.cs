using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Catalog;

/// <summary>
/// Every event of the market's contracts, read from their ABIs: topic0 → event → table and typed columns.
/// Data-driven on purpose: when a contract gains or changes an event, the catalog changes with it and the
/// schema test fails until a migration adds the table, so no event is ever skipped silently.
/// </summary>
public sealed class EventCatalog
{
    /// <summary>The indexed contracts and their table prefixes.</summary>
    public static readonly IReadOnlyList<(string Contract, string Prefix)> MarketContracts =
    [
        ("ProofMarket", "market"),
        ("RestakingVault", "vault"),
        ("CircuitRegistry", "registry"),
        ("ExampleRollup", "rollup"),
        ("SymbioticStakeSource", "symbiotic"),
    ];

    private readonly Dictionary<(string Contract, Hash32 Topic0), EventTable> _byContractTopic = [];
    private readonly Dictionary<Hash32, EventTable> _byTopic = [];

    /// <summary>Builds the catalog of the given contracts.</summary>
    public EventCatalog(IEnumerable<CatalogContract> contracts)
    {
        ArgumentNullException.ThrowIfNull(contracts);
        var tables = new List<EventTable>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var contract in contracts)
        {
            foreach (var abiEvent in contract.Abi.Events.Where(e => !e.Anonymous))
            {
                var table = BuildTable(contract, abiEvent);
                if (!names.Add(table.TableName))
                {
                    throw new InvalidOperationException(
                        $"{contract.Name} has two events that map to table {table.TableName} (overloaded event names are not supported).");
                }
                tables.Add(table);
                _byContractTopic[(contract.Name, abiEvent.Topic0)] = table;
                // Without an address map a log is resolved by topic0 alone: the first contract listed wins.
                _byTopic.TryAdd(abiEvent.Topic0, table);
            }
        }
        Tables = tables;
        Contracts = contracts.ToList();
    }

    /// <summary>The contracts in the catalog.</summary>
    public IReadOnlyList<CatalogContract> Contracts { get; }

    /// <summary>All event tables.</summary>
    public IReadOnlyList<EventTable> Tables { get; }

    /// <summary>The topic0 of every catalogued event (the eth_getLogs topic filter when no addresses are known).</summary>
    public IReadOnlyList<Hash32> Topics => _byTopic.Keys.ToList();

    /// <summary>
    /// The catalog of <see cref="MarketContracts"/> from the forge artifacts embedded in this assembly at build
    /// time (out/&lt;Contract&gt;.sol/&lt;Contract&gt;.json).
    /// </summary>
    public static EventCatalog Market() => LazyMarket.Value;

    private static readonly Lazy<EventCatalog> LazyMarket = new(() => new EventCatalog(
        MarketContracts.Select(c => new CatalogContract(c.Contract, c.Prefix, EmbeddedAbi(c.Contract)))));

    /// <summary>The ABI of a contract embedded at build time.</summary>
    public static ContractAbi EmbeddedAbi(string contract)
    {
        var assembly = typeof(EventCatalog).Assembly;
        using var stream = assembly.GetManifestResourceStream($"abi/{contract}.json")
            ?? throw new InvalidOperationException(
                $"The indexer was built without the ABI of {contract} (out/{contract}.sol/{contract}.json): run forge build, then rebuild.");
        using var reader = new StreamReader(stream);
        return ContractAbi.Parse(reader.ReadToEnd());
    }

    /// <summary>The table of the event with this topic0 declared by <paramref name="contract"/>.</summary>
    public bool TryResolve(string contract, Hash32 topic0, out EventTable table) =>
        _byContractTopic.TryGetValue((contract, topic0), out table!);

    /// <summary>The table of the event with this topic0 in any catalogued contract.</summary>
    public bool TryResolve(Hash32 topic0, out EventTable table) => _byTopic.TryGetValue(topic0, out table!);

    /// <summary>The table for one event by contract and event name.</summary>
    public EventTable Table(string contract, string eventName) =>
        Tables.FirstOrDefault(t => t.Contract == contract && t.Event.Name == eventName)
        ?? throw new InvalidOperationException($"The catalog has no event {contract}.{eventName}.");

    private static EventTable BuildTable(CatalogContract contract, AbiEvent abiEvent)
    {
        var columns = new List<EventColumn>();
        var reserved = new HashSet<string>(EventTable.PositionColumns.Select(c => c.Name), StringComparer.Ordinal);
        for (var i = 0; i < abiEvent.Inputs.Count; i++)
        {
            var input = abiEvent.Inputs[i];
            var name = input.Name.Length > 0 ? SqlNames.Snake(input.Name) : $"arg{i}";
            var isReference = input.Type.IsDynamic || input.Type.Kind is AbiTypeKind.Tuple or AbiTypeKind.FixedArray;
            if (input.Indexed && isReference)
            {
                // The topic holds only the keccak of the value: keep that hash.
                columns.Add(new EventColumn(name, ColumnKind.Bytea, [i], input.Type, IsTopicHash: true));
                continue;
            }
            Flatten(name, input.Type, [i], columns);
        }
        var named = new List<EventColumn>(columns.Count);
        foreach (var column in columns)
        {
            // A field named like a position column (ProofCommitted.blockNumber) or a key word (Withdrawn.to) keeps its
            // value under evt_<name>, so that no query has to quote a column.
            var renamed = SqlNames.IsReserved(column.Name) || EventTable.PositionColumns.Any(p => p.Name == column.Name)
                ? column with { Name = "evt_" + column.Name }
                : column;
            if (!reserved.Add(renamed.Name))
            {
                throw new InvalidOperationException(
                    $"{contract.Name}.{abiEvent.Name}: field '{renamed.Name}' collides with another column; rename the event field.");
            }
            named.Add(renamed);
        }
        return new EventTable(contract.Name, abiEvent, $"{contract.TablePrefix}_{SqlNames.Snake(abiEvent.Name)}", named);
    }

    private static void Flatten(string name, AbiType type, IReadOnlyList<int> path, List<EventColumn> columns)
    {
        if (type.Kind != AbiTypeKind.Tuple)
        {
            columns.Add(new EventColumn(name, ColumnValues.KindOf(type), path, type, IsTopicHash: false));
            return;
        }
        for (var c = 0; c < type.Components.Count; c++)
        {
            var component = type.Components[c];
            var componentName = component.Name.Length > 0 ? SqlNames.Snake(component.Name) : $"f{c}";
            Flatten($"{name}_{componentName}", component.Type, [.. path, c], columns);
        }
    }
}
