namespace OnchainMarket.Prover.Backends;

/// <summary>Creates prover backends by name.</summary>
public static class ProverBackends
{
    /// <summary>The accepted values of <c>kind</c> in <see cref="Create"/>.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["cpu", "gpu", "auto"];

    /// <summary>
    /// "cpu" = <see cref="CpuBackend"/>; "gpu" = <see cref="GpuBackend"/> on the first CUDA device;
    /// "auto" = the GPU if a CUDA device exists, otherwise the CPU.
    /// </summary>
    /// <exception cref="ProverBackendUnavailableException">"gpu" was requested and no CUDA device exists.</exception>
    /// <exception cref="ArgumentException">Unknown kind.</exception>
    public static IProverBackend Create(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        switch (kind.Trim().ToLowerInvariant())
        {
            case "cpu":
                return new CpuBackend();
            case "gpu":
                return GpuBackend.CreateCuda() ?? throw new ProverBackendUnavailableException(
                    "The gpu prover backend needs a CUDA device, and none was found (use --backend cpu or auto).");
            case "auto":
                return (IProverBackend?)GpuBackend.CreateCuda() ?? new CpuBackend();
            default:
                throw new ArgumentException($"Unknown prover backend '{kind}'; expected one of: {string.Join(", ", Kinds)}.", nameof(kind));
        }
    }

    /// <summary>The GPU kernels running on ILGPU's CPU accelerator: slow, but exercises the exact kernel code.</summary>
    public static IProverBackend CreateIlgpuCpuForTests() => GpuBackend.CreateIlgpuCpu();
}
