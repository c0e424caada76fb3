namespace OnchainMarket.Prover.Backends;

/// <summary>The requested prover backend cannot run on this machine (for example "gpu" without a CUDA device).</summary>
public sealed class ProverBackendUnavailableException : Exception
{
    public ProverBackendUnavailableException()
    {
    }

    public ProverBackendUnavailableException(string message)
        : base(message)
    {
    }

    public ProverBackendUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
