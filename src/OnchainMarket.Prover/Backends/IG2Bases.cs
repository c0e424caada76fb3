namespace OnchainMarket.Prover.Backends;

/// <summary>A handle to G2 points loaded into a backend.</summary>
public interface IG2Bases : IDisposable
{
    int Count { get; }
}
