using OnchainMarket.Ethereum;

namespace OnchainMarket.Indexer.Catalog;

/// <summary>
/// The table that mirrors one event of one contract: every log of the event is one row holding the
/// position columns (<see cref="PositionColumns"/>) and one column per (flattened) event field.
/// </summary>
public sealed class EventTable
{
    /// <summary>Columns every event table starts with, in this order; (block_number, log_index) is the primary key.</summary>
    public static readonly IReadOnlyList<(string Name, string SqlType)> PositionColumns =
    [
        ("block_number", "bigint"),
        ("log_index", "integer"),
        ("block_hash", "bytea"),
        ("block_time", "timestamp with time zone"),
        ("tx_hash", "bytea"),
        ("tx_index", "integer"),
        ("address", "bytea"),
    ];

    internal EventTable(string contract, AbiEvent abiEvent, string tableName, IReadOnlyList<EventColumn> columns)
    {
        Contract = contract;
        Event = abiEvent;
        TableName = tableName;
        Columns = columns;
        _decoder = new RowDecoder(abiEvent, columns);
    }

    private readonly RowDecoder _decoder;

    /// <summary>The contract whose ABI declares the event (ProofMarket, RestakingVault, ...).</summary>
    public string Contract { get; }

    /// <summary>The event as the ABI declares it.</summary>
    public AbiEvent Event { get; }

    /// <summary>The table name, <c>&lt;contract prefix&gt;_&lt;event in snake_case&gt;</c>.</summary>
    public string TableName { get; }

    /// <summary>The event's columns, after the position columns.</summary>
    public IReadOnlyList<EventColumn> Columns { get; }

    /// <summary>All column names in table order.</summary>
    public IEnumerable<string> AllColumnNames => PositionColumns.Select(c => c.Name).Concat(Columns.Select(c => c.Name));

    /// <summary>Decodes a log of this event into its column values (event columns only).</summary>
    /// <exception cref="AbiException">The log does not decode as this event.</exception>
    public ColumnCell[] DecodeColumns(IReadOnlyList<Hash32> topics, ReadOnlySpan<byte> data) => _decoder.Decode(topics, data);

    /// <summary>The CREATE TABLE statement the migrations hold for this table.</summary>
    public string CreateTableSql()
    {
        var lines = PositionColumns.Select(c => $"    {c.Name} {c.SqlType} NOT NULL")
            .Concat(Columns.Select(c => $"    {c.Name} {c.SqlType}{(c.Kind is ColumnKind.Jsonb ? "" : " NOT NULL")}"))
            .Append("    PRIMARY KEY (block_number, log_index)");
        return $"-- {Contract}.{Event.Signature}\nCREATE TABLE {TableName} (\n{string.Join(",\n", lines)}\n);\n";
    }
}
