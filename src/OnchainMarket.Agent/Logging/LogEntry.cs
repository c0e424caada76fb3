namespace OnchainMarket.Agent.Logging;

/// <summary>One structured log event: a level, an event name and its fields.</summary>
public sealed record LogEntry(DateTimeOffset Time, string Level, string Source, string Event, IReadOnlyList<KeyValuePair<string, object?>> Fields);
