namespace OnchainMarket.Simulation.Reporting;

/// <summary>One named line of a chart: points in data coordinates.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points);
