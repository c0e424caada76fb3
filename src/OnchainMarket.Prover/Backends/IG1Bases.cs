namespace OnchainMarket.Prover.Backends;

/// <summary>A handle to G1 points loaded into a backend (device memory on a GPU).</summary>
public interface IG1Bases : IDisposable
{
    int Count { get; }
}
