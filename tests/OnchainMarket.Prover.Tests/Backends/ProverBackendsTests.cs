using OnchainMarket.Prover.Backends;
using Xunit;

namespace OnchainMarket.Prover.Tests.Backends;

public sealed class ProverBackendsTests
{
    [Fact]
    public void Cpu_kind_creates_the_CPU_backend()
    {
        using IProverBackend backend = ProverBackends.Create("cpu");
        Assert.IsType<CpuBackend>(backend);
    }

    [Fact]
    public void Unknown_kind_is_rejected_with_the_accepted_values()
    {
        var ex = Assert.Throws<ArgumentException>(() => ProverBackends.Create("tpu"));
        Assert.Contains("'tpu'", ex.Message);
        Assert.Contains("cpu, gpu, auto", ex.Message);
    }

    [Fact]
    public void Gpu_kind_needs_CUDA_and_auto_falls_back_to_the_CPU_without_it()
    {
        using GpuBackend? cuda = GpuBackend.CreateCuda();
        using IProverBackend auto = ProverBackends.Create("auto");
        if (cuda is null)
        {
            var ex = Assert.Throws<ProverBackendUnavailableException>(() => ProverBackends.Create("gpu"));
            Assert.Contains("CUDA", ex.Message);
            Assert.IsType<CpuBackend>(auto);
        }
        else
        {
            Assert.IsType<GpuBackend>(auto);
        }
    }
}
