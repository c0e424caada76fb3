using OnchainMarket.Prover.Backends;

namespace OnchainMarket.Prover.Tests.Backends;

/// <summary>One ILGPU CPU-accelerator backend per test class: creating it (context, kernel loading) takes seconds.</summary>
public sealed class IlgpuCpuBackendFixture : IDisposable
{
    public IProverBackend Backend { get; } = ProverBackends.CreateIlgpuCpuForTests();

    public void Dispose() => Backend.Dispose();
}
