using System.Text;
using OnchainMarket.Indexer.Catalog;

namespace OnchainMarket.Indexer.Schema;

/// <summary>
/// Writes the DDL of the event tables for a catalog. The migrations hold its output as a plain file; the schema
/// test compares the migrated database with the catalog and prints this when they drift apart.
/// </summary>
public static class EventSchemaSql
{
    /// <summary>CREATE TABLE (and a lookup index on the first indexed field) for every table of the catalog.</summary>
    public static string Generate(EventCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var builder = new StringBuilder();
        builder.Append("-- One table per event of the indexed contracts, one row per log. Generated from the contracts' ABIs\n");
        builder.Append("-- (EventSchemaSql.Generate); the schema test fails when an ABI and this file disagree.\n");
        builder.Append("-- uint/int wider than 64 bits -> numeric(78,0); address, bytesN, bytes -> bytea; tuples flatten into\n");
        builder.Append("-- <field>_<component> columns; indexed strings, bytes, arrays and tuples keep their topic hash.\n");
        foreach (var table in catalog.Tables)
        {
            builder.Append('\n').Append(table.CreateTableSql());
            if (LookupColumn(table) is { } column)
            {
                builder.Append($"CREATE INDEX ON {table.TableName} ({column});\n");
            }
        }
        return builder.ToString();
    }

    /// <summary>The column derived-state refreshes look rows up by: the event's first indexed field.</summary>
    public static string? LookupColumn(EventTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var firstIndexed = table.Event.Inputs.Select((input, i) => (input, i)).FirstOrDefault(p => p.input.Indexed);
        return firstIndexed.input is null ? null : table.Columns.First(c => c.Path[0] == firstIndexed.i).Name;
    }
}
