namespace OnchainMarket.Prover.Backends;

/// <summary>Points kept by reference in host memory.</summary>
internal sealed class CpuBases<TPoint>(TPoint[] points) : IG1Bases, IG2Bases
{
    public TPoint[] Points { get; } = points;

    public int Count => Points.Length;

    public void Dispose()
    {
    }
}
